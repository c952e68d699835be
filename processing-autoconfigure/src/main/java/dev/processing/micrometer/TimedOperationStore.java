package dev.processing.micrometer;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.processing.operation.InMemoryOperationStore;
import dev.processing.operation.Operation;
import dev.processing.operation.OperationChange;
import dev.processing.operation.OperationStatus;
import dev.processing.operation.OperationStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OperationStore} that times every call to another one, as {@code processing.operations.store} tagged
 * with the call, the kind of store and whether it failed.
 */
final class TimedOperationStore implements OperationStore {

	private final OperationStore store;

	private final Supplier<@Nullable MeterRegistry> registry;

	private final String type;

	TimedOperationStore(OperationStore store, Supplier<@Nullable MeterRegistry> registry) {
		this.store = store;
		this.registry = registry;
		this.type = type(store);
	}

	private static String type(OperationStore store) {
		if (store instanceof InMemoryOperationStore) {
			return "memory";
		}
		String name = store.getClass().getName();
		if (name.startsWith("dev.processing.operation.jdbc.")) {
			return "jdbc";
		}
		if (name.startsWith("dev.processing.operation.redis.")) {
			return "redis";
		}
		return "custom";
	}

	private <T> T timed(String call, Supplier<T> action) {
		MeterRegistry registry = this.registry.get();
		if (registry == null) {
			return action.get();
		}
		long start = System.nanoTime();
		String outcome = "success";
		try {
			return action.get();
		}
		catch (RuntimeException ex) {
			outcome = "failure";
			throw ex;
		}
		finally {
			Timer.builder("processing.operations.store")
				.tag("call", call)
				.tag("store", this.type)
				.tag("outcome", outcome)
				.description("Calls to the operation store")
				.register(registry)
				.record(Duration.ofNanos(System.nanoTime() - start));
		}
	}

	@Override
	public Instant now() {
		return timed("now", this.store::now);
	}

	@Override
	public @Nullable Operation add(Operation operation) {
		return timed("add", () -> this.store.add(operation));
	}

	@Override
	public @Nullable Operation find(String id) {
		return timed("find", () -> this.store.find(id));
	}

	@Override
	public @Nullable Operation update(String id, OperationChange change) {
		return timed("update", () -> this.store.update(id, change));
	}

	@Override
	public boolean remove(String id) {
		return timed("remove", () -> this.store.remove(id));
	}

	@Override
	public int removeExpired(int limit) {
		return timed("remove-expired", () -> this.store.removeExpired(limit));
	}

	@Override
	public Set<String> renewLeases(Collection<String> ids, Duration lease) {
		return timed("renew-leases", () -> this.store.renewLeases(ids, lease));
	}

	@Override
	public List<String> findLeaseExpired(int limit) {
		return timed("find-lease-expired", () -> this.store.findLeaseExpired(limit));
	}

	@Override
	public List<Operation> list(@Nullable OperationStatus status, int offset, int limit) {
		return timed("list", () -> this.store.list(status, offset, limit));
	}

	@Override
	public @Nullable Instant earliestExpiry(String instance) {
		return timed("earliest-expiry", () -> this.store.earliestExpiry(instance));
	}

}
