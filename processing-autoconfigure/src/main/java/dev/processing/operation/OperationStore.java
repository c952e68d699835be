package dev.processing.operation;

import java.time.Instant;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Keeps {@link Operation operations} between the request that submits them and the requests that poll them.
 * <p>
 * Operations are plain data, so that a store may keep them outside the application (a database, Redis) and more
 * than one instance may answer the status monitor. Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface OperationStore {

	/**
	 * Add a new operation, unless the store is full.
	 * @param operation the operation
	 * @return whether it was added; {@code false} if the store holds as many operations as it may
	 */
	boolean add(Operation operation);

	/**
	 * Find an operation that has not expired.
	 * @param id the operation's id
	 * @param now the current time
	 * @return the operation, or {@code null} if there is none with that id or it has expired
	 */
	@Nullable Operation find(String id, Instant now);

	/**
	 * Change an operation atomically.
	 * @param id the operation's id
	 * @param change returns the new state of the operation from its current one
	 * @return the new state, or {@code null} if there is no operation with that id
	 */
	@Nullable Operation update(String id, UnaryOperator<Operation> change);

	/**
	 * Remove an operation.
	 * @param id the operation's id
	 * @return whether there was one
	 */
	boolean remove(String id);

	/**
	 * Remove the operations that have expired.
	 * @param now the current time
	 * @return how many were removed
	 */
	int removeExpired(Instant now);

}
