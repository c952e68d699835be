/**
 * Micrometer metrics and observations of the interim engine and of {@code 202 Accepted} operations.
 */
@NullMarked
package dev.processing.micrometer;

import org.jspecify.annotations.NullMarked;
