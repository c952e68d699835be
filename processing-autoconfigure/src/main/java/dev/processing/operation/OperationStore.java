package dev.processing.operation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Keeps {@link Operation operations} between the request that submits them and the requests that poll them, on
 * this instance or on all of them.
 * <p>
 * Operations are plain data, so that a store may keep them outside the application (a database, Redis) and more
 * than one instance may answer the status monitor. A store judges expiry and leases by its own clock, so that
 * instances whose clocks differ agree. Implementations must be thread-safe, and a store shared by several
 * instances must apply {@link #update} atomically across all of them. A store that cannot do what it is asked, such
 * as when its server cannot be reached, throws {@link OperationStoreException}.
 *
 * @since 0.1.0
 */
public interface OperationStore {

	/**
	 * Return the store's current time, to the millisecond, by which operations are stamped, expire and lose their
	 * lease.
	 * @return the current time
	 */
	Instant now();

	/**
	 * Add a new operation, unless the store holds as many of its instance's operations as it may, or an operation
	 * that has not expired is already bound to the same {@link Operation#idempotencyKey() idempotency key}.
	 * @param operation the operation
	 * @return the operation itself if it was added; the operation already bound to its idempotency key, which stays
	 * as it was; or {@code null} if the store is full
	 * @throws IllegalStateException if an operation with the same id exists
	 */
	@Nullable Operation add(Operation operation);

	/**
	 * Find an operation that has not expired.
	 * @param id the operation's id
	 * @return the operation, or {@code null} if there is none with that id or it has expired
	 */
	@Nullable Operation find(String id);

	/**
	 * Change an operation that has not expired, atomically: no other change to it, from this instance or another,
	 * happens between reading its current state and writing the new one.
	 * @param id the operation's id
	 * @param change returns the new state of the operation from its current one; it may be called more than once
	 * @return the new state, or {@code null} if there is no operation with that id
	 */
	@Nullable Operation update(String id, OperationChange change);

	/**
	 * Remove an operation.
	 * @param id the operation's id
	 * @return whether there was one
	 */
	boolean remove(String id);

	/**
	 * Remove operations that have expired, at most a given number at a time so that no removal holds up others.
	 * @param limit the most to remove
	 * @return how many were removed
	 */
	int removeExpired(int limit);

	/**
	 * Extend the leases of operations that are not done: those an instance has queued or running now, and only
	 * those, so that the operations of a worker or an earlier run of the instance that died still lose theirs.
	 * @param ids the ids of the operations
	 * @param lease how long the leases last from now
	 * @return the ids of those of them whose cancellation was requested
	 */
	Set<String> renewLeases(Collection<String> ids, Duration lease);

	/**
	 * Return the ids of operations that are not done and whose lease has run out, on any instance.
	 * @param limit the most ids to return
	 * @return the ids
	 */
	List<String> findLeaseExpired(int limit);

	/**
	 * List operations that have not expired, of every instance, newest first, for operators: not on any request's
	 * path, so a store may read more than it returns.
	 * @param status only operations with this status, or {@code null} for all
	 * @param offset how many of the newest to pass over
	 * @param limit the most to return
	 * @return the operations, newest first
	 */
	List<Operation> list(@Nullable OperationStatus status, int offset, int limit);

	/**
	 * Return when the first of an instance's operations that count towards the store's capacity expires, to tell a
	 * client whose submission the store refused when to try again.
	 * @param instance the instance's id
	 * @return the earliest expiry, or {@code null} if none of its operations is done
	 */
	@Nullable Instant earliestExpiry(String instance);

}
