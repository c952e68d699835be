/**
 * The application that the benchmarks run the starter in.
 */
@NullMarked
package dev.processing.benchmarks;

import org.jspecify.annotations.NullMarked;
