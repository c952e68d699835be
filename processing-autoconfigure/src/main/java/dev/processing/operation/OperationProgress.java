package dev.processing.operation;

import org.jspecify.annotations.Nullable;

/**
 * The latest progress an operation reported.
 *
 * @param percent how much of the work is done, from 0 to 100
 * @param message what the operation is doing, or {@code null}
 * @since 0.1.0
 */
public record OperationProgress(int percent, @Nullable String message) {

}
