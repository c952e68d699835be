/**
 * {@code 202 Accepted} operations as plain data, free of HTTP: the model, the {@link OperationStore} SPI and the
 * store in memory, the ids, and how operations run detached, hold leases and end.
 */
@NullMarked
package dev.processing.operation;

import org.jspecify.annotations.NullMarked;
