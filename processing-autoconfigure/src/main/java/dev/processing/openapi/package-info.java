/**
 * The OpenAPI description of {@link dev.processing.LongRunning @LongRunning} operations and of the status monitor,
 * for springdoc-openapi.
 */
@NullMarked
package dev.processing.openapi;

import org.jspecify.annotations.NullMarked;
