/**
 * The public face of the processing starter: {@link dev.processing.LongRunning} and
 * {@link dev.processing.ProcessingMode}.
 */
@NullMarked
package dev.processing;

import org.jspecify.annotations.NullMarked;
