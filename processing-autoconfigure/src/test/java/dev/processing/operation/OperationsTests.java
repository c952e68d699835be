package dev.processing.operation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import dev.processing.accepted.OperationResponses;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link Operations}, with a real executor of one worker and no queue.
 */
class OperationsTests {

	private static final Duration RETENTION = Duration.ofMinutes(10);

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final StoredResponse REPORT = new StoredResponse(200,
			Map.of("Content-Type", List.of("text/plain")), "report".getBytes(StandardCharsets.UTF_8));

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00.123Z"));

	private final InMemoryOperationStore store = new InMemoryOperationStore(10, this.clock);

	private final OperationResponses responses = new OperationResponses("/operations", Duration.ofSeconds(1));

	private final ThreadPoolTaskExecutor executor = executor();

	private final Operations operations = operations(this.store, this.executor);

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch started = new CountDownLatch(1);

	@AfterEach
	void shutDown() {
		this.release.countDown();
		this.executor.shutdown();
	}

	@Test
	void submittedOperationIsQueuedWithAWellFormedIdAndItsOwner() {
		Operation operation = this.operations.submit("alice", null, (handle) -> OperationOutcome.succeeded(REPORT));
		assertThat(operation.status()).isEqualTo(OperationStatus.QUEUED);
		assertThat(OperationIds.isWellFormed(operation.id())).isTrue();
		assertThat(operation.owner()).isEqualTo("alice");
		assertThat(operation.createdAt()).isEqualTo(this.clock.instant());
	}

	@Test
	void operationSucceedsWithTheOutcomeOfItsTask() throws Exception {
		AtomicReference<String> seenId = new AtomicReference<>();
		Operation operation = this.operations.submit(null, null, (handle) -> {
			seenId.set(handle.id());
			return OperationOutcome.succeeded(REPORT);
		});
		Operation finished = this.operations.await(operation.id(), WAIT);
		assertThat(finished).isNotNull();
		assertThat(finished.status()).isEqualTo(OperationStatus.SUCCEEDED);
		assertThat(finished.result()).isEqualTo(REPORT);
		assertThat(finished.expiresAt()).isEqualTo(this.clock.instant().plus(RETENTION));
		assertThat(seenId).hasValue(operation.id());
		assertThat(this.operations.find(operation.id(), null)).isEqualTo(finished);
	}

	@Test
	void operationFailsWithTheOutcomeOfItsTask() throws Exception {
		StoredResponse conflict = this.responses.canceled("/jobs/1");
		Operation operation = this.operations.submit(null, null, (handle) -> OperationOutcome.failed(conflict));
		Operation finished = this.operations.await(operation.id(), WAIT);
		assertThat(finished).isNotNull();
		assertThat(finished.status()).isEqualTo(OperationStatus.FAILED);
		assertThat(finished.result()).isEqualTo(conflict);
	}

	@Test
	void operationRunsWhileItsTaskWorks() throws Exception {
		Operation operation = this.operations.submit(null, null, this::holdUntilReleased);
		assertThat(this.started.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.operations.find(operation.id(), null)).extracting(Operation::status)
			.isEqualTo(OperationStatus.RUNNING);
		this.release.countDown();
		assertThat(this.operations.await(operation.id(), WAIT)).extracting(Operation::status)
			.isEqualTo(OperationStatus.SUCCEEDED);
	}

	@Test
	void taskThatThrowsFailsTheOperationWithTheGenericProblem() throws Exception {
		Operation operation = this.operations.submit(null, null, (handle) -> {
			throw new IllegalStateException("secret detail");
		});
		Operation finished = this.operations.await(operation.id(), WAIT);
		assertThat(finished).isNotNull();
		assertThat(finished.status()).isEqualTo(OperationStatus.FAILED);
		StoredResponse result = finished.result();
		assertThat(result).isEqualTo(this.responses.unexpectedFailure());
		assertThat(result.status()).isEqualTo(500);
		assertThat(result.headers()).containsEntry("Content-Type", List.of("application/problem+json"));
		assertThat(new String(result.body(), StandardCharsets.UTF_8)).contains("\"status\":500")
			.contains("The operation failed.")
			.doesNotContain("secret");
	}

	@Test
	void taskInterruptedWithoutACancelFailsTheOperationWithTheGenericProblem() throws Exception {
		Operation finished = interruptedWithoutACancel();
		assertThat(this.operations.find(finished.id(), null)).isEqualTo(finished);
	}

	/**
	 * Run a task that is interrupted by something other than a cancel, such as a library's own timeout, and check
	 * that it fails with the generic problem.
	 */
	private Operation interruptedWithoutACancel() throws InterruptedException {
		Operation operation = this.operations.submit(null, null, (handle) -> {
			Thread.currentThread().interrupt();
			throw new InterruptedException("not a cancel");
		});
		Operation finished = this.operations.await(operation.id(), WAIT);
		assertThat(finished).isNotNull();
		assertThat(finished.status()).isEqualTo(OperationStatus.FAILED);
		assertThat(finished.result()).isEqualTo(this.responses.unexpectedFailure());
		return finished;
	}

	@Test
	void cancelInterruptsTheRunningTaskAndItsLaterOutcomeIsIgnored() throws Exception {
		AtomicBoolean interrupted = new AtomicBoolean();
		Operation operation = this.operations.submit(null, null, (handle) -> {
			this.started.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
			return OperationOutcome.succeeded(REPORT);
		});
		assertThat(this.started.await(5, TimeUnit.SECONDS)).isTrue();
		this.clock.advance(Duration.ofSeconds(3));
		Operation canceled = this.operations.cancel(operation.id());
		assertThat(canceled).isNotNull();
		assertThat(canceled.status()).isEqualTo(OperationStatus.CANCELED);
		assertThat(canceled.result()).isNull();
		assertThat(canceled.expiresAt()).isEqualTo(this.clock.instant().plus(RETENTION));
		await().pollInterval(Duration.ofMillis(5)).untilTrue(interrupted);
		Operation finished = this.operations.await(operation.id(), WAIT);
		assertThat(finished).isNotNull();
		assertThat(finished.status()).isEqualTo(OperationStatus.CANCELED);
		assertThat(finished.result()).isNull();
	}

	@Test
	void canceledTaskThatThrowsOnInterruptStaysCanceled() throws Exception {
		Operation operation = this.operations.submit(null, null, (handle) -> {
			this.started.countDown();
			this.release.await();
			return OperationOutcome.succeeded(REPORT);
		});
		assertThat(this.started.await(5, TimeUnit.SECONDS)).isTrue();
		this.operations.cancel(operation.id());
		Operation finished = this.operations.await(operation.id(), WAIT);
		assertThat(finished).isNotNull();
		assertThat(finished.status()).isEqualTo(OperationStatus.CANCELED);
		assertThat(finished.result()).isNull();
	}

	@Test
	void cancelOfFinishedOperationLeavesItAsItIs() throws Exception {
		Operation operation = this.operations.submit(null, null, (handle) -> OperationOutcome.succeeded(REPORT));
		Operation finished = this.operations.await(operation.id(), WAIT);
		assertThat(this.operations.cancel(operation.id())).isEqualTo(finished);
	}

	@Test
	void cancelJustAfterTheOperationFinishedLeavesItAsItIsAndInterruptsNothing() throws Exception {
		CountDownLatch finishedLatch = new CountDownLatch(1);
		CountDownLatch canceledLatch = new CountDownLatch(1);
		AtomicBoolean blocked = new AtomicBoolean();
		AtomicBoolean interrupted = new AtomicBoolean();
		OperationStore store = new InMemoryOperationStore(10, this.clock) {

			@Override
			public Operation update(String id, OperationChange change) {
				Operation updated = super.update(id, change);
				// Hold the worker between the operation's end and its cleanup, where a DELETE may come in.
				if (updated != null && updated.status() == OperationStatus.SUCCEEDED
						&& blocked.compareAndSet(false, true)) {
					finishedLatch.countDown();
					try {
						canceledLatch.await(5, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					interrupted.set(Thread.currentThread().isInterrupted());
				}
				return updated;
			}

		};
		Operations operations = operations(store, this.executor);
		Operation operation = operations.submit(null, null, (handle) -> OperationOutcome.succeeded(REPORT));
		assertThat(finishedLatch.await(5, TimeUnit.SECONDS)).isTrue();
		Operation canceled = operations.cancel(operation.id());
		canceledLatch.countDown();
		assertThat(canceled).isNotNull();
		assertThat(canceled.status()).isEqualTo(OperationStatus.SUCCEEDED);
		assertThat(canceled.result()).isEqualTo(REPORT);
		Operation finished = operations.await(operation.id(), WAIT);
		assertThat(finished).isEqualTo(canceled);
		this.executor.shutdown();
		assertThat(this.executor.getThreadPoolExecutor().awaitTermination(5, TimeUnit.SECONDS)).isTrue();
		assertThat(interrupted).isFalse();
	}

	@Test
	void cancelOfUnknownOperationFindsNothing() {
		assertThat(this.operations.cancel(OperationIds.next())).isNull();
	}

	@Test
	void fullExecutorRejectsTheOperationAndLeavesNothingStored() throws Exception {
		Operation first = this.operations.submit(null, null, this::holdUntilReleased);
		assertThat(this.started.await(5, TimeUnit.SECONDS)).isTrue();
		AtomicBoolean ran = new AtomicBoolean();
		assertThatExceptionOfType(OperationCapacityException.class).isThrownBy(() -> this.operations.submit(null, null,
				(handle) -> {
					ran.set(true);
					return OperationOutcome.succeeded(REPORT);
				}))
			.withMessageContaining("running and waiting");
		assertThat(this.store.size()).isEqualTo(1);
		assertThat(this.operations.find(first.id(), null)).isNotNull();
		this.release.countDown();
		assertThat(this.operations.await(first.id(), WAIT)).isNotNull();
		assertThat(ran).isFalse();
	}

	@Test
	void fullStoreRejectsTheOperationWithoutRunningIt() {
		InMemoryOperationStore full = new InMemoryOperationStore(1, this.clock);
		full.add(Operation.queued(OperationIds.next(), null, "here", full.now(), LEASE, null));
		Operations operations = operations(full, this.executor);
		AtomicBoolean ran = new AtomicBoolean();
		assertThatExceptionOfType(OperationCapacityException.class).isThrownBy(() -> operations.submit(null, null, (handle) -> {
			ran.set(true);
			return OperationOutcome.succeeded(REPORT);
		})).withMessageContaining("stored");
		assertThat(full.size()).isEqualTo(1);
		assertThat(this.executor.getActiveCount()).isZero();
		assertThat(ran).isFalse();
	}

	@Test
	void fullStoreMakesRoomFromExpiredOperationsAtOnce() throws Exception {
		InMemoryOperationStore single = new InMemoryOperationStore(1, this.clock);
		// A worker that waits for work: the second operation is not turned away by the executor.
		ThreadPoolTaskExecutor queueing = executor(1);
		try {
			Operations operations = operations(single, queueing);
			Operation first = operations.submit(null, null, (handle) -> OperationOutcome.succeeded(REPORT));
			assertThat(operations.await(first.id(), WAIT)).isNotNull();
			// Turned away just before the first one expires, after a sweep: the next sweep is not due for a while.
			this.clock.advance(RETENTION.minusMillis(1));
			assertThatExceptionOfType(OperationCapacityException.class)
				.isThrownBy(() -> operations.submit(null, null, (handle) -> OperationOutcome.succeeded(REPORT)));
			this.clock.advance(Duration.ofMillis(1));
			Operation second = operations.submit(null, null, (handle) -> OperationOutcome.succeeded(REPORT));
			assertThat(operations.await(second.id(), WAIT)).extracting(Operation::status)
				.isEqualTo(OperationStatus.SUCCEEDED);
			assertThat(operations.find(first.id(), null)).isNull();
			assertThat(single.size()).isOne();
		}
		finally {
			queueing.shutdown();
		}
	}

	@Test
	void operationOfAPrincipalIsFoundByThatPrincipalOnly() throws Exception {
		Operation operation = this.operations.submit("alice", null, (handle) -> OperationOutcome.succeeded(REPORT));
		assertThat(this.operations.await(operation.id(), WAIT)).isNotNull();
		assertThat(this.operations.find(operation.id(), "alice")).isNotNull();
		assertThat(this.operations.find(operation.id(), "bob")).isNull();
		assertThat(this.operations.find(operation.id(), "Alice")).isNull();
		assertThat(this.operations.find(operation.id(), null)).isNull();
	}

	@Test
	void operationWithoutOwnerIsFoundByAnyone() throws Exception {
		Operation operation = this.operations.submit(null, null, (handle) -> OperationOutcome.succeeded(REPORT));
		assertThat(this.operations.await(operation.id(), WAIT)).isNotNull();
		assertThat(this.operations.find(operation.id(), null)).isNotNull();
		assertThat(this.operations.find(operation.id(), "bob")).isNotNull();
	}

	@Test
	void malformedIdFindsNothingWithoutAskingTheStore() {
		OperationStore store = new InMemoryOperationStore(1, this.clock) {

			@Override
			public Operation find(String id) {
				throw new AssertionError("asked the store for " + id);
			}

		};
		Operations operations = operations(store, this.executor);
		assertThat(operations.find("../secret", null)).isNull();
		assertThat(operations.find("", null)).isNull();
	}

	@Test
	void awaitReturnsNullWhenTheOperationDoesNotFinishInTime() throws Exception {
		Operation operation = this.operations.submit(null, null, this::holdUntilReleased);
		long start = System.nanoTime();
		assertThat(this.operations.await(operation.id(), Duration.ofMillis(50))).isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
		this.release.countDown();
		Operation finished = this.operations.await(operation.id(), WAIT);
		assertThat(finished).isNotNull();
		assertThat(finished.isDone()).isTrue();
	}

	@Test
	void awaitOfUnknownOperationReturnsNullAtOnce() throws Exception {
		assertThat(this.operations.await(OperationIds.next(), Duration.ofSeconds(30))).isNull();
	}

	@Test
	void progressIsRecordedWhileRunningAllDoneOnceSucceededAndIgnoredOnceDone() throws Exception {
		AtomicReference<OperationHandle> seen = new AtomicReference<>();
		AtomicReference<Operation> running = new AtomicReference<>();
		Operation operation = this.operations.submit(null, null, (handle) -> {
			seen.set(handle);
			handle.progress(new OperationProgress(60, "Sorting"));
			running.set(this.store.find(handle.id()));
			return OperationOutcome.succeeded(REPORT);
		});
		Operation finished = this.operations.await(operation.id(), WAIT);
		assertThat(finished).isNotNull();
		assertThat(running.get().progress()).isEqualTo(new OperationProgress(60, "Sorting"));
		assertThat(finished.progress()).isEqualTo(new OperationProgress(100, null));
		seen.get().progress(new OperationProgress(90, "Too late"));
		assertThat(this.operations.find(operation.id(), null)).isEqualTo(finished);
	}

	@Test
	void failedOperationShowsTheProgressItStoppedAt() throws Exception {
		Operation operation = this.operations.submit(null, null, (handle) -> {
			handle.progress(new OperationProgress(30, "Reading"));
			return OperationOutcome.failed(REPORT);
		});
		Operation finished = this.operations.await(operation.id(), WAIT);
		assertThat(finished.status()).isEqualTo(OperationStatus.FAILED);
		assertThat(finished.progress()).isEqualTo(new OperationProgress(30, "Reading"));
	}

	@Test
	void finishedOperationExpiresAfterTheRetention() throws Exception {
		Operation operation = this.operations.submit(null, null, (handle) -> OperationOutcome.succeeded(REPORT));
		assertThat(this.operations.await(operation.id(), WAIT)).isNotNull();
		this.clock.advance(RETENTION.minusMillis(1));
		assertThat(this.operations.find(operation.id(), null)).isNotNull();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.operations.find(operation.id(), null)).isNull();
	}

	@Test
	void removeExpiredEmptiesTheStoreOfExpiredOperations() throws Exception {
		Operation operation = this.operations.submit(null, null, (handle) -> OperationOutcome.succeeded(REPORT));
		assertThat(this.operations.await(operation.id(), WAIT)).isNotNull();
		this.clock.advance(RETENTION);
		this.operations.removeExpired();
		assertThat(this.store.size()).isZero();
	}

	@Test
	void forgetRemovesTheOperation() throws Exception {
		Operation operation = this.operations.submit(null, null, (handle) -> OperationOutcome.succeeded(REPORT));
		assertThat(this.operations.await(operation.id(), WAIT)).isNotNull();
		this.operations.forget(operation.id());
		assertThat(this.operations.find(operation.id(), null)).isNull();
		assertThat(this.store.size()).isZero();
	}

	@Test
	void operationCanceledWhileQueuedIsDoneAtOnceAndNeverRuns() throws Exception {
		ThreadPoolTaskExecutor queueing = executor(1);
		try {
			Operations queued = operations(this.store, queueing);
			queued.submit(null, null, this::holdUntilReleased);
			assertThat(this.started.await(5, TimeUnit.SECONDS)).isTrue();
			AtomicBoolean ran = new AtomicBoolean();
			Operation waiting = queued.submit(null, null, (handle) -> {
				ran.set(true);
				return OperationOutcome.succeeded(REPORT);
			});
			assertThat(queued.cancel(waiting.id())).extracting(Operation::status).isEqualTo(OperationStatus.CANCELED);
			// Done at once: a wait for it does not last its whole timeout.
			assertThat(queued.await(waiting.id(), Duration.ofDays(1))).extracting(Operation::status)
				.isEqualTo(OperationStatus.CANCELED);
			this.release.countDown();
			queueing.shutdown();
			assertThat(queueing.getThreadPoolExecutor().awaitTermination(5, TimeUnit.SECONDS)).isTrue();
			assertThat(ran).isFalse();
		}
		finally {
			queueing.shutdown();
		}
	}

	@Test
	void stopFailsQueuedOperationsAtOnceAndRunningOnesAfterTheGracePeriod() throws Exception {
		ThreadPoolTaskExecutor queueing = executor(1);
		try {
			Operations stopping = operations(this.store, queueing);
			Operation running = stopping.submit(null, null, this::holdUntilReleased);
			assertThat(this.started.await(5, TimeUnit.SECONDS)).isTrue();
			AtomicBoolean ran = new AtomicBoolean();
			Operation queued = stopping.submit(null, null, (handle) -> {
				ran.set(true);
				return OperationOutcome.succeeded(REPORT);
			});
			Operations.Stopped stopped = stopping.stop(Duration.ofMillis(50));
			assertThat(stopped).isEqualTo(new Operations.Stopped(1, 1));
			for (Operation operation : List.of(running, queued)) {
				Operation ended = this.store.find(operation.id());
				assertThat(ended.status()).isEqualTo(OperationStatus.FAILED);
				assertThat(ended.result()).isEqualTo(this.responses.instanceStopped());
				assertThat(ended.result().status()).isEqualTo(503);
			}
			queueing.shutdown();
			assertThat(queueing.getThreadPoolExecutor().awaitTermination(5, TimeUnit.SECONDS)).isTrue();
			assertThat(ran).isFalse();
		}
		finally {
			queueing.shutdown();
		}
	}

	@Test
	void startedAgainAfterAStopFailuresAreFailuresAgain() throws Exception {
		this.operations.stop(Duration.ZERO);
		this.operations.start();
		interruptedWithoutACancel();
	}

	@Test
	void stopLetsARunningOperationThatFinishesInTheGracePeriodSucceed() throws Exception {
		Operation operation = this.operations.submit(null, null, this::holdUntilReleased);
		assertThat(this.started.await(5, TimeUnit.SECONDS)).isTrue();
		Thread releaser = new Thread(() -> {
			await().until(() -> this.store.find(operation.id()) != null);
			this.release.countDown();
		});
		releaser.start();
		Operations.Stopped stopped = this.operations.stop(WAIT);
		releaser.join();
		assertThat(stopped).isEqualTo(new Operations.Stopped(0, 0));
		assertThat(this.store.find(operation.id()).status()).isEqualTo(OperationStatus.SUCCEEDED);
	}

	@Test
	void operationWhoseLeaseRanOutFailsWhenFoundAndCanceledIfItsCancelWasRequested() {
		Operation lost = Operation.queued(OperationIds.next(), null, "gone", this.store.now(), LEASE, null);
		Operation lostCanceled = Operation.queued(OperationIds.next(), null, "gone", this.store.now(), LEASE, null);
		this.store.add(lost);
		this.store.add(lostCanceled);
		assertThat(this.operations.cancel(lostCanceled.id()).cancelRequested()).isTrue();
		assertThat(this.operations.find(lost.id(), null).status()).isEqualTo(OperationStatus.QUEUED);
		this.clock.advance(LEASE);
		Operation failed = this.operations.find(lost.id(), null);
		assertThat(failed.status()).isEqualTo(OperationStatus.FAILED);
		assertThat(failed.result()).isEqualTo(this.responses.instanceStopped());
		assertThat(this.operations.stopLeaseExpired()).isOne();
		assertThat(this.operations.find(lostCanceled.id(), null).status()).isEqualTo(OperationStatus.CANCELED);
	}

	@Test
	void operationOfThisInstanceThatNoWorkerHereRunsIsNotRenewedAndFailsOnceItsLeaseRunsOut() {
		// Left by an earlier run of an instance with the same id, or by a worker that died.
		Operation abandoned = this.store.add(Operation.queued(OperationIds.next(), null, "here", this.store.now(),
				LEASE, null));
		this.operations.renewLeases();
		this.clock.advance(LEASE);
		assertThat(this.operations.stopLeaseExpired()).isOne();
		Operation failed = this.store.find(abandoned.id());
		assertThat(failed.status()).isEqualTo(OperationStatus.FAILED);
		assertThat(failed.result()).isEqualTo(this.responses.instanceStopped());
	}

	@Test
	void cancelOfAnOperationOfAnotherInstanceIsRequestedAndCarriedOutWhenThatInstanceRenewsItsLeases()
			throws Exception {
		Operations other = new Operations(this.store, this.executor, "other", LEASE, RETENTION,
				this.responses.fallbacks());
		Operation operation = other.submit(null, null, this::holdUntilReleased);
		assertThat(this.started.await(5, TimeUnit.SECONDS)).isTrue();
		Operation requested = this.operations.cancel(operation.id());
		assertThat(requested.status()).isEqualTo(OperationStatus.RUNNING);
		assertThat(requested.cancelRequested()).isTrue();
		this.operations.renewLeases();
		assertThat(this.store.find(operation.id()).status()).isEqualTo(OperationStatus.RUNNING);
		other.renewLeases();
		assertThat(this.store.find(operation.id()).status()).isEqualTo(OperationStatus.CANCELED);
		assertThat(other.await(operation.id(), WAIT)).extracting(Operation::status)
			.isEqualTo(OperationStatus.CANCELED);
	}

	private OperationOutcome holdUntilReleased(OperationHandle handle) throws InterruptedException {
		this.started.countDown();
		this.release.await();
		return OperationOutcome.succeeded(REPORT);
	}

	private Operations operations(OperationStore store, ThreadPoolTaskExecutor executor) {
		return new Operations(store, executor, "here", LEASE, RETENTION, this.responses.fallbacks());
	}

	private static ThreadPoolTaskExecutor executor() {
		return executor(0);
	}

	private static ThreadPoolTaskExecutor executor(int queueCapacity) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setQueueCapacity(queueCapacity);
		executor.setThreadNamePrefix("operations-test-");
		executor.initialize();
		return executor;
	}

	/**
	 * A clock that moves only when told.
	 */
	static final class MutableClock extends Clock {

		private volatile Instant instant;

		MutableClock(Instant instant) {
			this.instant = instant;
		}

		void advance(Duration duration) {
			this.instant = this.instant.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

	}

}
