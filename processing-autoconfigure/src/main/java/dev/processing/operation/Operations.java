package dev.processing.operation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;

/**
 * Runs {@link Operation operations} detached on a bounded executor, keeps their state in an {@link OperationStore},
 * and cancels, finds and forgets them for the status monitor.
 * <p>
 * Each operation holds a lease in the store that the instance running it renews ({@link #renewLeases()}); an
 * operation whose lease runs out is failed by whichever instance sees it first, so that the work of an instance that
 * stopped never stays running. A cancel on another instance is requested in the store and carried out when the
 * running instance renews its leases.
 *
 * @since 0.1.0
 */
public class Operations {

	private static final Log logger = LogFactory.getLog(Operations.class);

	private static final int BATCH_SIZE = 100;

	private static final Duration LONGEST_POLL = Duration.ofMillis(500);

	private final OperationStore store;

	private final AsyncTaskExecutor executor;

	private final String instance;

	private final Duration lease;

	private final Duration retention;

	private final FallbackResponses fallbacks;

	private final Map<String, Running> running = new ConcurrentHashMap<>();

	private volatile boolean stopping;

	private volatile OperationEvents events = OperationEvents.NONE;

	/**
	 * Create an instance.
	 * @param store where operations are kept
	 * @param executor runs the work of operations; it must reject work rather than queue it without bound
	 * @param instance the id of this instance, unique among those that share the store
	 * @param lease how long the lease of an operation lasts before this instance must renew it
	 * @param retention how long a finished operation is kept
	 * @param fallbacks the results of work that cannot say how it ended
	 */
	public Operations(OperationStore store, AsyncTaskExecutor executor, String instance, Duration lease,
			Duration retention, FallbackResponses fallbacks) {
		this.store = store;
		this.executor = executor;
		this.instance = instance;
		this.lease = lease;
		this.retention = retention;
		this.fallbacks = fallbacks;
	}

	/**
	 * Return the id of this instance.
	 * @return the id
	 */
	public String getInstance() {
		return this.instance;
	}

	/**
	 * Tell what happens to operations to the given events, for metrics.
	 * @param events the events
	 */
	public void setEvents(OperationEvents events) {
		this.events = events;
	}

	/**
	 * Return how many of this instance's operations wait for a worker.
	 * @return the number of operations
	 */
	public int getQueuedCount() {
		return (int) this.running.values().stream().filter((running) -> !running.started).count();
	}

	/**
	 * Return how many of this instance's operations run now.
	 * @return the number of operations
	 */
	public int getRunningCount() {
		return (int) this.running.values().stream().filter((running) -> running.started).count();
	}

	/**
	 * Accept an operation and start its work as soon as a worker is free; or, if an operation is already bound to
	 * the same idempotency key, return that one and do nothing else.
	 * @param owner the name of the submitting principal, or {@code null}
	 * @param idempotencyKey the submitting request's idempotency key, or {@code null}
	 * @param task the work
	 * @return the operation, queued, or the one already bound to the key, whose fingerprint may differ
	 * @throws OperationCapacityException if the store or the executor is full
	 */
	public Operation submit(@Nullable String owner, @Nullable IdempotencyKey idempotencyKey, OperationTask task) {
		try {
			Operation[] added = new Operation[1];
			Operation operation = add(owner, idempotencyKey, task, added);
			this.events.submitted((operation == added[0]) ? OperationEvents.Submission.ACCEPTED
					: OperationEvents.Submission.IDEMPOTENT_REPLAY);
			return operation;
		}
		catch (OperationCapacityException | OperationStoreException ex) {
			this.events.submitted(OperationEvents.Submission.REJECTED);
			throw ex;
		}
	}

	/**
	 * Add a new operation and start it, or find the one already bound to the key.
	 * @param created receives the new operation
	 */
	private Operation add(@Nullable String owner, @Nullable IdempotencyKey idempotencyKey, OperationTask task,
			@Nullable Operation[] created) {
		Operation operation = Operation.queued(OperationIds.next(), owner, this.instance, this.store.now(),
				this.lease, idempotencyKey);
		created[0] = operation;
		Operation added = this.store.add(operation);
		if (added == null) {
			// Expired operations may hold the places: make room and try once more.
			removeExpired();
			added = this.store.add(operation);
			if (added == null) {
				throw new OperationCapacityException("as many operations as allowed are stored", untilRoom());
			}
		}
		if (added != operation) {
			return added;
		}
		Running running = new Running(operation.id(), System.nanoTime());
		this.running.put(operation.id(), running);
		try {
			running.future = this.executor.submit(() -> run(task, running));
		}
		catch (TaskRejectedException ex) {
			this.running.remove(operation.id());
			this.store.remove(operation.id());
			throw new OperationCapacityException("as many operations as allowed are running and waiting", null);
		}
		return operation;
	}

	private @Nullable Duration untilRoom() {
		Instant earliest = this.store.earliestExpiry(this.instance);
		return (earliest != null) ? Duration.between(this.store.now(), earliest) : null;
	}

	private void run(OperationTask task, Running running) {
		try {
			runOrFail(task, running);
		}
		catch (OperationStoreException ex) {
			// Its lease is not renewed any more: whoever sees it next fails it.
			logger.warn("Operation " + shortId(running.id) + " could not be kept: " + ex.getMessage());
		}
		finally {
			this.running.remove(running.id);
			running.done.complete(null);
		}
	}

	private void runOrFail(OperationTask task, Running running) {
		String id = running.id;
		Operation started = this.store.update(id, (operation, now) -> (operation.status() == OperationStatus.QUEUED
				&& !operation.cancelRequested()) ? operation.running(now) : operation);
		if (started == null || started.status() != OperationStatus.RUNNING) {
			return;
		}
		running.startedAt = System.nanoTime();
		running.started = true;
		this.events.started(Duration.ofNanos(running.startedAt - running.submittedAt));
		OperationOutcome outcome;
		try {
			outcome = task.run(running);
		}
		catch (Throwable ex) {
			clearInterrupt();
			// Canceled, or interrupted because this instance stops: the operation already says how it ended.
			if (!(ex instanceof Error) && (this.stopping || running.isCanceled())) {
				if (!this.stopping) {
					this.events.ended(OperationStatus.CANCELED, Duration.ofNanos(System.nanoTime() - running.startedAt),
							-1);
				}
				return;
			}
			logger.error("Operation " + shortId(id) + " failed", ex);
			finish(id, OperationOutcome.failed(this.fallbacks.failed()));
			if (ex instanceof Error error) {
				throw error;
			}
			return;
		}
		clearInterrupt();
		finish(id, outcome);
	}

	/**
	 * Clear an interrupt the work left set, as a library that catches one and restores it does: the store and the
	 * log are written next, and a store's connection or an interruptible channel would not survive it.
	 */
	private static void clearInterrupt() {
		Thread.interrupted();
	}

	private void finish(String id, OperationOutcome outcome) {
		Operation finished = this.store.update(id, (operation, now) -> (operation.status() == OperationStatus.RUNNING)
				? operation.finished(outcome.status(), outcome.response(), now, this.retention) : operation);
		Running running = this.running.get(id);
		if (finished != null && running != null) {
			StoredResponse result = finished.result();
			this.events.ended(finished.status(), Duration.ofNanos(System.nanoTime() - running.startedAt),
					(result != null) ? result.body().length : -1);
		}
	}

	/**
	 * Return the start of an id, enough to tell operations apart in a log, not enough to reach one.
	 * @param id the operation's id
	 * @return its first eight characters
	 */
	public static String shortId(String id) {
		return (id.length() > 8) ? id.substring(0, 8) + "…" : id;
	}

	/**
	 * Find an operation for a client. An operation whose lease has run out is failed first.
	 * @param id the operation's id, as the client sent it
	 * @param principal the name of the client's principal, or {@code null} if it is not authenticated
	 * @return the operation, or {@code null} if there is none with that id, it has expired, or it belongs to someone
	 * else
	 */
	public @Nullable Operation find(String id, @Nullable String principal) {
		if (!OperationIds.isWellFormed(id)) {
			return null;
		}
		Operation operation = current(id);
		if (operation == null || (operation.owner() != null && !operation.owner().equals(principal))) {
			return null;
		}
		return operation;
	}

	/**
	 * Find an operation for an operator, whoever submitted it. An operation whose lease has run out is failed first.
	 * @param id the operation's id
	 * @return the operation, or {@code null} if there is none with that id or it has expired
	 */
	public @Nullable Operation get(String id) {
		return OperationIds.isWellFormed(id) ? current(id) : null;
	}

	/**
	 * List operations for an operator, of every instance, newest first.
	 * @param status only those with this status, or {@code null} for all
	 * @param offset how many of the newest to pass over
	 * @param limit the most to return
	 * @return the operations
	 */
	public List<Operation> list(@Nullable OperationStatus status, int offset, int limit) {
		return this.store.list(status, offset, limit);
	}

	private @Nullable Operation current(String id) {
		Operation operation = this.store.find(id);
		if (operation != null && operation.leaseExpiresAt() != null && operation.isLeaseExpired(this.store.now())) {
			return stopIfLeaseExpired(id);
		}
		return operation;
	}

	/**
	 * Cancel an operation that is not done. If it runs here, it is canceled at once and its worker interrupted; if
	 * it runs on another instance, its cancellation is requested, and that instance carries it out when it next
	 * renews its leases.
	 * @param id the operation's id
	 * @return the operation as it is now, or {@code null} if there is none with that id
	 */
	public @Nullable Operation cancel(String id) {
		Running running = this.running.get(id);
		Operation changed = this.store.update(id, (operation, now) -> {
			if (operation.isDone()) {
				return operation;
			}
			if (running != null || operation.isLeaseExpired(now)) {
				return operation.finished(OperationStatus.CANCELED, null, now, this.retention);
			}
			return operation.cancelRequested() ? operation : operation.withCancelRequested(now);
		});
		if (running != null && changed != null && changed.status() == OperationStatus.CANCELED
				&& this.running.remove(id, running)) {
			running.interrupt();
		}
		return changed;
	}

	/**
	 * Forget an operation.
	 * @param id the operation's id
	 */
	public void forget(String id) {
		this.store.remove(id);
	}

	/**
	 * Wait for an operation to finish, here or on another instance.
	 * @param id the operation's id
	 * @param timeout how long to wait at most
	 * @return the operation if it finished in time, otherwise {@code null}
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public @Nullable Operation await(String id, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		Running running = this.running.get(id);
		if (running != null) {
			try {
				running.done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				return null;
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
			Operation operation = this.store.find(id);
			return (operation != null && operation.isDone()) ? operation : null;
		}
		// It runs elsewhere: poll the store, more slowly as time goes on.
		long pause = 20;
		while (true) {
			Operation operation = current(id);
			if (operation == null || operation.isDone()) {
				return operation;
			}
			long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (left <= 0) {
				return null;
			}
			Thread.sleep(Math.min(pause, left));
			pause = Math.min(pause * 2, LONGEST_POLL.toMillis());
		}
	}

	/**
	 * Renew the leases of the operations this instance runs, and cancel those of them whose cancellation was
	 * requested on another instance. Runs every {@code processing.accepted.lease.renew-interval}.
	 */
	public void renewLeases() {
		Set<String> ids = Set.copyOf(this.running.keySet());
		if (ids.isEmpty()) {
			return;
		}
		Set<String> cancelRequested = this.store.renewLeases(ids, this.lease);
		for (String id : cancelRequested) {
			if (logger.isDebugEnabled()) {
				logger.debug("Canceling operation " + shortId(id) + " as requested on another instance");
			}
			cancel(id);
		}
	}

	/**
	 * Fail the operations, of any instance, that are not done and whose lease has run out: the instance that ran
	 * them stopped. Those whose cancellation was requested are canceled instead.
	 * @return how many were ended
	 */
	public int stopLeaseExpired() {
		int stopped = 0;
		List<String> ids = this.store.findLeaseExpired(BATCH_SIZE);
		for (String id : ids) {
			Operation operation = stopIfLeaseExpired(id);
			if (operation != null && operation.isDone()) {
				stopped++;
			}
		}
		if (stopped > 0) {
			logger.info("Ended " + stopped + " operation(s) whose instance stopped before they finished");
		}
		return stopped;
	}

	private @Nullable Operation stopIfLeaseExpired(String id) {
		boolean[] lost = new boolean[1];
		Operation operation = this.store.update(id, (current, now) -> {
			lost[0] = current.isLeaseExpired(now);
			return lost[0] ? stopped(current, now) : current;
		});
		if (lost[0] && operation != null && operation.isDone()) {
			this.events.lost();
		}
		return operation;
	}

	private Operation stopped(Operation operation, Instant now) {
		return operation.cancelRequested() ? operation.finished(OperationStatus.CANCELED, null, now, this.retention)
				: operation.finished(OperationStatus.FAILED, this.fallbacks.instanceStopped(), now, this.retention);
	}

	/**
	 * Remove the operations that have expired from the store, in batches. This also happens when the store is full;
	 * expired operations are never found.
	 * @return how many were removed
	 */
	public int removeExpired() {
		int removed = 0;
		int batch;
		do {
			batch = this.store.removeExpired(BATCH_SIZE);
			removed += batch;
		}
		while (batch == BATCH_SIZE);
		if (removed > 0 && logger.isDebugEnabled()) {
			logger.debug("Removed " + removed + " expired operation(s)");
		}
		return removed;
	}

	/**
	 * Run operations as usual again after {@link #stop}, as when a stopped application context is started again:
	 * work that fails from then on is a failure, not the stop's interrupt.
	 */
	public void start() {
		this.stopping = false;
	}

	/**
	 * End the operations of this instance because it stops: those still queued fail at once, those running are
	 * interrupted and fail, unless they finish first.
	 * @param grace how long running operations may still take to finish
	 * @return how many queued and how many running operations were ended
	 * @throws InterruptedException if the stopping thread is interrupted
	 */
	public Stopped stop(Duration grace) throws InterruptedException {
		this.stopping = true;
		int queued = 0;
		for (Running running : List.copyOf(this.running.values())) {
			Operation operation = this.store.update(running.id,
					(current, now) -> (current.status() == OperationStatus.QUEUED) ? stopped(current, now) : current);
			if (operation != null && operation.isDone() && this.running.remove(running.id) != null) {
				running.interrupt();
				queued++;
			}
		}
		long deadline = System.nanoTime() + grace.toNanos();
		for (Running running : List.copyOf(this.running.values())) {
			long left = deadline - System.nanoTime();
			try {
				if (left > 0) {
					running.done.get(left, TimeUnit.NANOSECONDS);
				}
			}
			catch (TimeoutException | ExecutionException ex) {
				// Ended below.
			}
		}
		int interrupted = 0;
		for (Running running : List.copyOf(this.running.values())) {
			Operation operation = this.store.update(running.id,
					(current, now) -> current.isDone() ? current : stopped(current, now));
			if (operation != null && operation.status() != OperationStatus.SUCCEEDED) {
				interrupted++;
			}
			running.interrupt();
		}
		return new Stopped(queued, interrupted);
	}

	/**
	 * How many operations an instance ended because it stopped.
	 *
	 * @param queued how many were still queued
	 * @param running how many were still running when the grace period ran out
	 */
	public record Stopped(int queued, int running) {

	}

	private final class Running implements OperationHandle {

		private final String id;

		private final long submittedAt;

		private volatile long startedAt;

		private volatile boolean started;

		private final CompletableFuture<@Nullable Void> done = new CompletableFuture<>();

		private volatile @Nullable Future<?> future;

		private Running(String id, long submittedAt) {
			this.id = id;
			this.submittedAt = submittedAt;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public void progress(OperationProgress progress) {
			try {
				Operations.this.store.update(this.id,
						(operation, now) -> operation.isDone() ? operation : operation.withProgress(progress, now));
			}
			catch (OperationStoreException ex) {
				// Progress is worth a try, not the work.
				if (logger.isDebugEnabled()) {
					logger.debug("Progress of operation " + shortId(this.id) + " not kept: " + ex.getMessage());
				}
			}
		}

		@Override
		public boolean isCanceled() {
			try {
				Operation operation = Operations.this.store.find(this.id);
				return operation == null || operation.status() == OperationStatus.CANCELED
						|| operation.cancelRequested();
			}
			catch (OperationStoreException ex) {
				return false;
			}
		}

		void interrupt() {
			Future<?> future = this.future;
			if (future != null) {
				future.cancel(true);
			}
			// A task canceled before it started never runs, so it cannot say it is done itself.
			this.done.complete(null);
		}

	}

}
