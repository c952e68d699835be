package dev.processing.operation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;

/**
 * Runs {@link Operation operations} detached on a bounded executor, keeps their state in an {@link OperationStore},
 * and cancels, finds and forgets them for the status monitor.
 * <p>
 * Only the instance that runs an operation can interrupt it; the store is the only state the others share.
 *
 * @since 0.1.0
 */
public class Operations {

	private static final Log logger = LogFactory.getLog(Operations.class);

	private final OperationStore store;

	private final AsyncTaskExecutor executor;

	private final Clock clock;

	private final Duration retention;

	private final OperationResponses responses;

	private final Map<String, Running> running = new ConcurrentHashMap<>();

	private final long sweepIntervalMillis;

	private final AtomicLong nextSweep = new AtomicLong();

	/**
	 * Create an instance.
	 * @param store where operations are kept
	 * @param executor runs the work of operations; it must reject work rather than queue it without bound
	 * @param clock the time
	 * @param retention how long a finished operation is kept
	 * @param responses writes the responses of the protocol
	 */
	public Operations(OperationStore store, AsyncTaskExecutor executor, Clock clock, Duration retention,
			OperationResponses responses) {
		this.store = store;
		this.executor = executor;
		this.clock = clock;
		this.retention = retention;
		this.responses = responses;
		this.sweepIntervalMillis = Math.max(1_000, Math.min(retention.toMillis() / 2, 60_000));
	}

	/**
	 * Accept an operation and start its work as soon as a worker is free.
	 * @param owner the name of the submitting principal, or {@code null}
	 * @param task the work
	 * @return the operation, queued
	 * @throws OperationCapacityException if the store or the executor is full
	 */
	public Operation submit(@Nullable String owner, OperationTask task) {
		removeExpiredIfDue();
		Operation operation = Operation.queued(OperationIds.next(), owner, now());
		if (!this.store.add(operation)) {
			// Expired operations may hold the places: make room and try once more.
			removeExpired();
			if (!this.store.add(operation)) {
				throw new OperationCapacityException("as many operations as allowed are stored");
			}
		}
		Running running = new Running();
		this.running.put(operation.id(), running);
		try {
			running.future = this.executor.submit(() -> run(operation.id(), task, running));
		}
		catch (TaskRejectedException ex) {
			this.running.remove(operation.id());
			this.store.remove(operation.id());
			throw new OperationCapacityException("as many operations as allowed are running and waiting");
		}
		return operation;
	}

	private void run(String id, OperationTask task, Running running) {
		try {
			Operation started = this.store.update(id,
					(operation) -> (operation.status() == OperationStatus.QUEUED) ? operation.running(now()) : operation);
			if (started == null || started.status() != OperationStatus.RUNNING) {
				return;
			}
			OperationOutcome outcome;
			try {
				outcome = task.run(id);
			}
			catch (Throwable ex) {
				if (!(ex instanceof Error) && isCanceled(id)) {
					return;
				}
				logger.error("Operation " + shortId(id) + " failed", ex);
				finish(id, OperationOutcome.failed(this.responses.unexpectedFailure()));
				if (ex instanceof Error error) {
					throw error;
				}
				return;
			}
			finish(id, outcome);
		}
		finally {
			this.running.remove(id);
			running.done.complete(null);
		}
	}

	private void finish(String id, OperationOutcome outcome) {
		this.store.update(id, (operation) -> (operation.status() == OperationStatus.RUNNING)
				? finished(operation, outcome.status(), outcome.response()) : operation);
	}

	/**
	 * Whether an operation was canceled, or is gone.
	 * @param id the operation's id
	 * @return whether it is canceled or no longer stored
	 */
	public boolean isCanceled(String id) {
		Operation operation = this.store.find(id, now());
		return operation == null || operation.status() == OperationStatus.CANCELED;
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
	 * Record an operation's progress, unless it is done.
	 * @param id the operation's id
	 * @param progress the progress
	 */
	public void progress(String id, OperationProgress progress) {
		this.store.update(id, (operation) -> operation.isDone() ? operation : operation.withProgress(progress, now()));
	}

	/**
	 * Find an operation for a client.
	 * @param id the operation's id, as the client sent it
	 * @param principal the name of the client's principal, or {@code null} if it is not authenticated
	 * @return the operation, or {@code null} if there is none with that id, it has expired, or it belongs to someone
	 * else
	 */
	public @Nullable Operation find(String id, @Nullable String principal) {
		if (!OperationIds.isWellFormed(id)) {
			return null;
		}
		removeExpiredIfDue();
		Operation operation = this.store.find(id, now());
		if (operation == null || (operation.owner() != null && !operation.owner().equals(principal))) {
			return null;
		}
		return operation;
	}

	/**
	 * Cancel an operation that is not done, interrupting its worker if it is running here.
	 * @param id the operation's id
	 * @return the operation as it is now, or {@code null} if there is none with that id
	 */
	public @Nullable Operation cancel(String id) {
		AtomicBoolean canceledNow = new AtomicBoolean();
		Operation canceled = this.store.update(id, (operation) -> {
			canceledNow.set(!operation.isDone());
			return operation.isDone() ? operation : finished(operation, OperationStatus.CANCELED, null);
		});
		Running running = canceledNow.get() ? this.running.remove(id) : null;
		if (running != null) {
			Future<?> future = running.future;
			if (future != null) {
				future.cancel(true);
			}
			// A task canceled before it started never runs, so it cannot say it is done itself.
			running.done.complete(null);
		}
		return canceled;
	}

	/**
	 * Forget an operation.
	 * @param id the operation's id
	 */
	public void forget(String id) {
		this.store.remove(id);
	}

	/**
	 * Wait for an operation that runs here to finish.
	 * @param id the operation's id
	 * @param timeout how long to wait at most
	 * @return the operation if it finished in time, otherwise {@code null}
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public @Nullable Operation await(String id, Duration timeout) throws InterruptedException {
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
		}
		Operation operation = this.store.find(id, now());
		return (operation != null && operation.isDone()) ? operation : null;
	}

	private void removeExpiredIfDue() {
		long now = this.clock.millis();
		long due = this.nextSweep.get();
		if (now >= due && this.nextSweep.compareAndSet(due, now + this.sweepIntervalMillis)) {
			removeExpired();
		}
	}

	/**
	 * Remove the operations that have expired from the store. This also happens, at most every half retention
	 * (between one second and one minute), when an operation is submitted or looked up, and when the store is full;
	 * expired operations are never found.
	 */
	public void removeExpired() {
		int removed = this.store.removeExpired(now());
		if (removed > 0 && logger.isDebugEnabled()) {
			logger.debug("Removed " + removed + " expired operation(s)");
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private Operation finished(Operation operation, OperationStatus status, @Nullable StoredResponse result) {
		Instant now = now();
		return operation.finished(status, result, now, now.plus(this.retention));
	}

	private static final class Running {

		private final CompletableFuture<@Nullable Void> done = new CompletableFuture<>();

		private volatile @Nullable Future<?> future;

	}

}
