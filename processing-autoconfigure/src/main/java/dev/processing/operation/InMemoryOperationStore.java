package dev.processing.operation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An {@link OperationStore} in the application's memory, for one instance, that holds at most a given number of
 * operations.
 *
 * @since 0.1.0
 */
public class InMemoryOperationStore implements OperationStore {

	private static final Comparator<Operation> NEWEST_FIRST = Comparator.comparing(Operation::createdAt)
		.reversed()
		.thenComparing(Operation::id);

	private final Map<String, Operation> operations = new ConcurrentHashMap<>();

	private final Map<String, String> idsByKey = new ConcurrentHashMap<>();

	private final int capacity;

	private final Clock clock;

	/**
	 * Create a store on the system clock.
	 * @param capacity how many operations it may hold
	 */
	public InMemoryOperationStore(int capacity) {
		this(capacity, Clock.systemUTC());
	}

	/**
	 * Create a store.
	 * @param capacity how many operations it may hold
	 * @param clock the store's clock
	 */
	public InMemoryOperationStore(int capacity, Clock clock) {
		Assert.isTrue(capacity > 0, "capacity must be positive");
		this.capacity = capacity;
		this.clock = clock;
	}

	@Override
	public Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	@Override
	public synchronized @Nullable Operation add(Operation operation) {
		Instant now = now();
		IdempotencyKey key = operation.idempotencyKey();
		if (key != null) {
			String boundId = this.idsByKey.get(key.key());
			Operation bound = (boundId != null) ? find(boundId, now) : null;
			if (bound != null) {
				return bound;
			}
		}
		if (this.operations.containsKey(operation.id())) {
			throw new IllegalStateException("An operation with the same id already exists");
		}
		if (this.operations.size() >= this.capacity) {
			return null;
		}
		this.operations.put(operation.id(), operation);
		if (key != null) {
			this.idsByKey.put(key.key(), operation.id());
		}
		return operation;
	}

	@Override
	public @Nullable Operation find(String id) {
		return find(id, now());
	}

	private @Nullable Operation find(String id, Instant now) {
		Operation operation = this.operations.get(id);
		if (operation != null && operation.isExpired(now)) {
			remove(id, operation);
			return null;
		}
		return operation;
	}

	@Override
	public @Nullable Operation update(String id, OperationChange change) {
		Instant now = now();
		Operation changed = this.operations.computeIfPresent(id,
				(key, operation) -> operation.isExpired(now) ? operation : change.apply(operation, now));
		// An expired operation is left for the sweep, and is not there for the caller.
		return (changed != null && !changed.isExpired(now)) ? changed : null;
	}

	@Override
	public boolean remove(String id) {
		Operation removed = this.operations.remove(id);
		if (removed == null) {
			return false;
		}
		unbind(removed);
		return true;
	}

	@Override
	public int removeExpired(int limit) {
		Instant now = now();
		int removed = 0;
		for (Operation operation : this.operations.values()) {
			if (removed >= limit) {
				break;
			}
			if (operation.isExpired(now) && remove(operation.id(), operation)) {
				removed++;
			}
		}
		return removed;
	}

	@Override
	public Set<String> renewLeases(Collection<String> ids, Duration lease) {
		Set<String> cancelRequested = new HashSet<>();
		for (String id : ids) {
			Operation renewed = update(id,
					(current, now) -> current.isDone() ? current : current.withLease(now.plus(lease)));
			if (renewed != null && !renewed.isDone() && renewed.cancelRequested()) {
				cancelRequested.add(renewed.id());
			}
		}
		return cancelRequested;
	}

	@Override
	public List<String> findLeaseExpired(int limit) {
		Instant now = now();
		List<String> ids = new ArrayList<>();
		for (Operation operation : this.operations.values()) {
			if (ids.size() >= limit) {
				break;
			}
			if (operation.isLeaseExpired(now)) {
				ids.add(operation.id());
			}
		}
		return ids;
	}

	@Override
	public List<Operation> list(@Nullable OperationStatus status, int offset, int limit) {
		Instant now = now();
		return this.operations.values()
			.stream()
			.filter((operation) -> !operation.isExpired(now) && (status == null || operation.status() == status))
			.sorted(NEWEST_FIRST)
			.skip(offset)
			.limit(limit)
			.toList();
	}

	@Override
	public @Nullable Instant earliestExpiry(String instance) {
		Instant earliest = null;
		for (Operation operation : this.operations.values()) {
			Instant expiresAt = operation.expiresAt();
			if (expiresAt != null && operation.instance().equals(instance)
					&& (earliest == null || expiresAt.isBefore(earliest))) {
				earliest = expiresAt;
			}
		}
		return earliest;
	}

	private boolean remove(String id, Operation operation) {
		if (this.operations.remove(id, operation)) {
			unbind(operation);
			return true;
		}
		return false;
	}

	private void unbind(Operation operation) {
		IdempotencyKey key = operation.idempotencyKey();
		if (key != null) {
			this.idsByKey.remove(key.key(), operation.id());
		}
	}

	/**
	 * Return how many operations the store holds.
	 * @return the number of operations, expired ones not yet removed included
	 */
	public int size() {
		return this.operations.size();
	}

}
