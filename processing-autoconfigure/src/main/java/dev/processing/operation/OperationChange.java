package dev.processing.operation;

import java.time.Instant;

/**
 * A change to an {@link Operation}, applied by an {@link OperationStore} atomically.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface OperationChange {

	/**
	 * Return the new state of an operation.
	 * @param operation its current state
	 * @param now the store's current time
	 * @return its new state, or the current one itself to leave it unchanged
	 */
	Operation apply(Operation operation, Instant now);

}
