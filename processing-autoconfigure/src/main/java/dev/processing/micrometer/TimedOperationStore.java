package dev.processing.micrometer;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.processing.operation.Operation;
import dev.processing.operation.OperationChange;
import dev.processing.operation.OperationStatus;
import dev.processing.operation.OperationStore;
import dev.processing.operation.support.StoreTypes;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OperationStore} that times every call to another one, as {@code processing.operations.store} tagged
 * with the call, the kind of store and whether it failed.
 */
final class TimedOperationStore implements OperationStore {

	private final OperationStore store;

	private final Supplier<ProcessingMetrics.@Nullable Meters> meters;

	private final String type;

	TimedOperationStore(OperationStore store, Supplier<ProcessingMetrics.@Nullable Meters> meters) {
		this.store = store;
		this.meters = meters;
		String type = StoreTypes.of(store);
		this.type = (type != null) ? type : "custom";
	}

	private <T> T timed(String call, Supplier<T> action) {
		ProcessingMetrics.Meters meters = this.meters.get();
		if (meters == null) {
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
			meters.storeCall(call, this.type, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
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
