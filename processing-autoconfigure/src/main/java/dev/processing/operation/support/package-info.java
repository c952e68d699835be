/**
 * What the operation stores that keep operations outside the application share.
 */
@NullMarked
package dev.processing.operation.support;

import org.jspecify.annotations.NullMarked;
