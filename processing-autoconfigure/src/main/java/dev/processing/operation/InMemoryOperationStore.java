package dev.processing.operation;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An {@link OperationStore} in the application's memory, for one instance, that holds at most a given number of
 * operations.
 *
 * @since 0.1.0
 */
public class InMemoryOperationStore implements OperationStore {

	private final Map<String, Operation> operations = new ConcurrentHashMap<>();

	private final AtomicInteger size = new AtomicInteger();

	private final int capacity;

	/**
	 * Create a store.
	 * @param capacity how many operations it may hold
	 */
	public InMemoryOperationStore(int capacity) {
		Assert.isTrue(capacity > 0, "capacity must be positive");
		this.capacity = capacity;
	}

	@Override
	public boolean add(Operation operation) {
		if (this.size.incrementAndGet() > this.capacity) {
			this.size.decrementAndGet();
			return false;
		}
		if (this.operations.putIfAbsent(operation.id(), operation) != null) {
			this.size.decrementAndGet();
			throw new IllegalStateException("An operation with the same id already exists");
		}
		return true;
	}

	@Override
	public @Nullable Operation find(String id, Instant now) {
		Operation operation = this.operations.get(id);
		if (operation != null && operation.isExpired(now)) {
			remove(id, operation);
			return null;
		}
		return operation;
	}

	@Override
	public @Nullable Operation update(String id, UnaryOperator<Operation> change) {
		return this.operations.computeIfPresent(id, (key, operation) -> change.apply(operation));
	}

	@Override
	public boolean remove(String id) {
		if (this.operations.remove(id) != null) {
			this.size.decrementAndGet();
			return true;
		}
		return false;
	}

	@Override
	public int removeExpired(Instant now) {
		int removed = 0;
		for (Operation operation : this.operations.values()) {
			if (operation.isExpired(now) && remove(operation.id(), operation)) {
				removed++;
			}
		}
		return removed;
	}

	private boolean remove(String id, Operation operation) {
		if (this.operations.remove(id, operation)) {
			this.size.decrementAndGet();
			return true;
		}
		return false;
	}

	/**
	 * Return how many operations the store holds.
	 * @return the number of operations, expired ones not yet removed included
	 */
	public int size() {
		return this.size.get();
	}

}
