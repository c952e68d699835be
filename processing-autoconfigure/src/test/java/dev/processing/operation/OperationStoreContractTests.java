package dev.processing.operation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The contract every {@link OperationStore} keeps, run against each store on a real server: a subclass says how to
 * make a store and how to empty what it keeps.
 */
public abstract class OperationStoreContractTests {

	protected static final String INSTANCE = "instance-a";

	protected static final String OTHER_INSTANCE = "instance-b";

	protected static final Duration LEASE = Duration.ofSeconds(30);

	/**
	 * Short enough to wait out; long enough that the time between two statements of a test does not use it up.
	 */
	protected static final Duration SHORT = Duration.ofMillis(300);

	protected static final int CAPACITY = 5;

	private OperationStore store;

	/**
	 * Make a store that holds at most {@code capacity} operations of an instance, and keeps nothing from an earlier
	 * test.
	 * @param capacity the most operations of one instance it holds
	 * @return the store
	 */
	protected abstract OperationStore createStore(int capacity);

	/**
	 * Release what {@link #createStore} made.
	 */
	protected void destroyStore() {
	}

	@BeforeEach
	void createTheStore() {
		this.store = createStore(CAPACITY);
	}

	@AfterEach
	void destroyTheStore() {
		destroyStore();
	}

	protected OperationStore store() {
		return this.store;
	}

	@Test
	void nowFollowsTheStoresClockToTheMillisecond() {
		Instant first = this.store.now();
		assertThat(first.getNano() % 1_000_000).isZero();
		assertThat(first).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.now().isAfter(first));
	}

	@Test
	void addedOperationIsFoundAsItWasAdded() {
		Operation operation = queued(OperationIds.next(), INSTANCE, null);
		assertThat(this.store.add(operation)).isSameAs(operation);
		assertThat(this.store.find(operation.id())).isEqualTo(operation);
		assertThat(this.store.find(OperationIds.next())).isNull();
	}

	@Test
	void everyFieldOfAnOperationIsKept() {
		Instant now = this.store.now();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("Content-Type", List.of("text/csv;charset=UTF-8"));
		headers.put("X-Many", List.of("one", "two, three", ""));
		headers.put("ETag", List.of("\"é\""));
		StoredResponse result = new StoredResponse(201, headers, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
		Operation operation = new Operation(OperationIds.next(), "alice", INSTANCE, OperationStatus.SUCCEEDED, now,
				now.plusMillis(7), null, now.plus(LEASE), new OperationProgress(100, "Done: ünïcode ✓"), result, true,
				new IdempotencyKey("scoped-key-1", "fingerprint-1"));
		this.store.add(operation);
		assertThat(this.store.find(operation.id())).isEqualTo(operation);
		Operation running = new Operation(OperationIds.next(), null, INSTANCE, OperationStatus.RUNNING, now, now,
				now.plus(LEASE), null, new OperationProgress(0, null), null, false, null);
		this.store.add(running);
		assertThat(this.store.find(running.id())).isEqualTo(running);
	}

	@Test
	void oneMegabyteBodyIsKeptByteForByte() {
		byte[] body = new byte[1024 * 1024];
		new Random(9).nextBytes(body);
		Instant now = this.store.now();
		StoredResponse result = new StoredResponse(200, Map.of("Content-Type", List.of("application/octet-stream")),
				body);
		Operation operation = queued(OperationIds.next(), INSTANCE, null);
		this.store.add(operation);
		this.store.update(operation.id(), (current, at) -> current.finished(OperationStatus.SUCCEEDED, result, at,
				LEASE));
		Operation found = this.store.find(operation.id());
		assertThat(found).isNotNull();
		assertThat(found.result().body()).isEqualTo(body);
		assertThat(found.expiresAt()).isAfterOrEqualTo(now.plus(LEASE));
	}

	@Test
	void addingTheSameIdTwiceFailsAndKeepsTheFirst() {
		Operation first = queued(OperationIds.next(), INSTANCE, null);
		this.store.add(first);
		Operation second = new Operation(first.id(), "mallory", INSTANCE, OperationStatus.QUEUED,
				first.createdAt(), first.updatedAt(), first.leaseExpiresAt(), null, null, null, false, null);
		assertThatIllegalStateException().isThrownBy(() -> this.store.add(second));
		assertThat(this.store.find(first.id())).isEqualTo(first);
	}

	@Test
	void storeHoldsAtMostItsCapacityOfAnInstancesOperations() {
		for (int i = 0; i < CAPACITY; i++) {
			assertThat(this.store.add(queued(OperationIds.next(), INSTANCE, null))).isNotNull();
		}
		Operation oneTooMany = queued(OperationIds.next(), INSTANCE, null);
		assertThat(this.store.add(oneTooMany)).isNull();
		assertThat(this.store.find(oneTooMany.id())).isNull();
	}

	@Test
	void removingAnOperationMakesRoom() {
		List<Operation> added = new ArrayList<>();
		for (int i = 0; i < CAPACITY; i++) {
			added.add(this.store.add(queued(OperationIds.next(), INSTANCE, null)));
		}
		assertThat(this.store.remove(added.get(0).id())).isTrue();
		assertThat(this.store.remove(added.get(0).id())).isFalse();
		assertThat(this.store.find(added.get(0).id())).isNull();
		assertThat(this.store.add(queued(OperationIds.next(), INSTANCE, null))).isNotNull();
	}

	@Test
	void updateChangesTheOperationAndReturnsItsNewState() {
		Operation operation = queued(OperationIds.next(), INSTANCE, null);
		this.store.add(operation);
		Operation running = this.store.update(operation.id(), (current, now) -> current.running(now));
		assertThat(running.status()).isEqualTo(OperationStatus.RUNNING);
		assertThat(running.updatedAt()).isAfterOrEqualTo(operation.updatedAt());
		assertThat(this.store.find(operation.id())).isEqualTo(running);
		assertThat(this.store.update(OperationIds.next(), (current, now) -> current.running(now))).isNull();
	}

	@Test
	void updateThatChangesNothingReturnsTheCurrentState() {
		Operation operation = queued(OperationIds.next(), INSTANCE, null);
		this.store.add(operation);
		assertThat(this.store.update(operation.id(), (current, now) -> current)).isEqualTo(operation);
	}

	@Test
	void concurrentUpdatesLoseNothing() throws Exception {
		Operation operation = queued(OperationIds.next(), INSTANCE, null);
		this.store.add(operation);
		int threads = 2;
		int updates = 500;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < updates; i++) {
						this.store.update(operation.id(), (current, now) -> current.withProgress(increment(current),
								now));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.store.find(operation.id()).progress().message()).isEqualTo(Integer.toString(threads * updates));
	}

	private static OperationProgress increment(Operation operation) {
		OperationProgress progress = operation.progress();
		int count = (progress != null) ? Integer.parseInt(progress.message()) : 0;
		return new OperationProgress((count + 1) % 101, Integer.toString(count + 1));
	}

	@Test
	void finishedOperationExpiresAfterItsRetentionByTheStoresClock() {
		Operation operation = queued(OperationIds.next(), INSTANCE, null);
		this.store.add(operation);
		Operation finished = this.store.update(operation.id(),
				(current, now) -> current.finished(OperationStatus.SUCCEEDED, null, now, SHORT));
		assertThat(finished.expiresAt()).isEqualTo(finished.updatedAt().plus(SHORT));
		assertThat(this.store.find(operation.id())).isNotNull();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.find(operation.id()) == null);
		assertThat(this.store.update(operation.id(), (current, now) -> current.running(now))).isNull();
	}

	@Test
	void operationThatIsNotDoneNeverExpires() {
		Operation operation = queued(OperationIds.next(), INSTANCE, null);
		this.store.add(operation);
		assertThat(this.store.removeExpired(100)).isZero();
		assertThat(this.store.find(operation.id())).isNotNull();
	}

	@Test
	void expiredOperationsAreRemovedInBatches() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Operation operation = queued(OperationIds.next(), INSTANCE, null);
			this.store.add(operation);
			this.store.update(operation.id(),
					(current, now) -> current.finished(OperationStatus.SUCCEEDED, null, now, Duration.ofMillis(1)));
			ids.add(operation.id());
		}
		Operation kept = finish(this.store.add(queued(OperationIds.next(), INSTANCE, null)), LEASE);
		await().atMost(Duration.ofSeconds(5)).until(() -> ids.stream().allMatch((id) -> this.store.find(id) == null));
		int first = this.store.removeExpired(2);
		int rest = this.store.removeExpired(2);
		// Finding an expired operation may already have removed it.
		assertThat(first).isLessThanOrEqualTo(2);
		assertThat(first + rest).isLessThanOrEqualTo(3);
		assertThat(this.store.removeExpired(2)).isZero();
		assertThat(this.store.find(kept.id())).isNotNull();
	}

	@Test
	void expiredOperationsMakeRoomOnceRemoved() {
		for (int i = 0; i < CAPACITY; i++) {
			finish(this.store.add(queued(OperationIds.next(), INSTANCE, null)), Duration.ofMillis(1));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			this.store.removeExpired(CAPACITY);
			return this.store.add(queued(OperationIds.next(), INSTANCE, null)) != null;
		});
	}

	@Test
	void earliestExpiryIsThatOfTheFirstOfTheInstancesOperationsToExpire() {
		assertThat(this.store.earliestExpiry(INSTANCE)).isNull();
		Operation early = finish(this.store.add(queued(OperationIds.next(), INSTANCE, null)), Duration.ofMinutes(1));
		finish(this.store.add(queued(OperationIds.next(), INSTANCE, null)), Duration.ofMinutes(2));
		this.store.add(queued(OperationIds.next(), INSTANCE, null));
		assertThat(this.store.earliestExpiry(INSTANCE)).isEqualTo(early.expiresAt());
		assertThat(this.store.earliestExpiry(OTHER_INSTANCE)).isNull();
	}

	@Test
	void leaseThatRunsOutMakesTheOperationLeaseExpired() {
		Operation operation = this.store.add(queued(OperationIds.next(), OTHER_INSTANCE, null, SHORT));
		Operation healthy = this.store.add(queued(OperationIds.next(), INSTANCE, null));
		Operation done = finish(this.store.add(queued(OperationIds.next(), OTHER_INSTANCE, null, SHORT)), LEASE);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.findLeaseExpired(10).contains(operation.id()));
		assertThat(this.store.findLeaseExpired(10)).doesNotContain(healthy.id(), done.id());
		assertThat(this.store.find(operation.id()).isLeaseExpired(this.store.now())).isTrue();
	}

	@Test
	void renewedLeasesDoNotRunOut() {
		Operation operation = this.store.add(queued(OperationIds.next(), INSTANCE, null, SHORT));
		Operation other = this.store.add(queued(OperationIds.next(), OTHER_INSTANCE, null, SHORT));
		assertThat(this.store.renewLeases(List.of(operation.id()), LEASE)).isEmpty();
		Operation renewed = this.store.find(operation.id());
		assertThat(renewed.leaseExpiresAt()).isAfterOrEqualTo(operation.leaseExpiresAt().plus(LEASE).minus(SHORT));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.findLeaseExpired(10).contains(other.id()));
		assertThat(this.store.findLeaseExpired(10)).doesNotContain(operation.id());
	}

	@Test
	void renewingLeasesReportsTheOperationsWhoseCancellationWasRequested() {
		Operation canceled = this.store.add(queued(OperationIds.next(), INSTANCE, null));
		Operation kept = this.store.add(queued(OperationIds.next(), INSTANCE, null));
		Operation elsewhere = this.store.add(queued(OperationIds.next(), OTHER_INSTANCE, null));
		this.store.update(canceled.id(), (current, now) -> current.withCancelRequested(now));
		this.store.update(elsewhere.id(), (current, now) -> current.withCancelRequested(now));
		List<String> ids = List.of(canceled.id(), kept.id(), OperationIds.next());
		assertThat(this.store.renewLeases(ids, LEASE)).containsExactly(canceled.id());
		assertThat(this.store.find(canceled.id()).cancelRequested()).isTrue();
		assertThat(this.store.find(kept.id()).cancelRequested()).isFalse();
		finish(this.store.find(canceled.id()), LEASE);
		assertThat(this.store.renewLeases(ids, LEASE)).isEmpty();
	}

	@Test
	void renewingLeasesLeavesOtherOperationsOfTheInstanceToRunOut() {
		Operation renewed = this.store.add(queued(OperationIds.next(), INSTANCE, null, SHORT));
		Operation abandoned = this.store.add(queued(OperationIds.next(), INSTANCE, null, SHORT));
		this.store.renewLeases(List.of(renewed.id()), LEASE);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.findLeaseExpired(10).contains(abandoned.id()));
		assertThat(this.store.findLeaseExpired(10)).doesNotContain(renewed.id());
	}

	@Test
	void listShowsOperationsNewestFirstByStatusAndInPages() {
		Instant now = this.store.now();
		List<Operation> added = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Operation operation = Operation.queued(OperationIds.next(), null, (i % 2 == 0) ? INSTANCE : OTHER_INSTANCE,
					now.minusSeconds(10 - i), LEASE, null);
			added.add(this.store.add(operation));
		}
		finish(added.get(1), LEASE);
		finish(this.store.add(queued(OperationIds.next(), INSTANCE, null)), Duration.ofMillis(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.list(null, 0, 10).size() == 4);
		assertThat(this.store.list(null, 0, 10)).extracting(Operation::id)
			.containsExactly(added.get(3).id(), added.get(2).id(), added.get(1).id(), added.get(0).id());
		assertThat(this.store.list(null, 1, 2)).extracting(Operation::id)
			.containsExactly(added.get(2).id(), added.get(1).id());
		assertThat(this.store.list(OperationStatus.SUCCEEDED, 0, 10)).extracting(Operation::id)
			.containsExactly(added.get(1).id());
	}

	@Test
	void idempotencyKeyFindsTheOperationAlreadyBoundToIt() {
		IdempotencyKey key = new IdempotencyKey("alice POST /reports k-1", "digest-1");
		Operation first = this.store.add(queued(OperationIds.next(), INSTANCE, key));
		Operation repeat = queued(OperationIds.next(), OTHER_INSTANCE,
				new IdempotencyKey("alice POST /reports k-1", "digest-2"));
		assertThat(this.store.add(repeat)).isEqualTo(first);
		assertThat(this.store.find(repeat.id())).isNull();
		Operation otherKey = queued(OperationIds.next(), INSTANCE, new IdempotencyKey("bob POST /reports k-1",
				"digest-1"));
		assertThat(this.store.add(otherKey)).isSameAs(otherKey);
	}

	@Test
	void idempotencyKeyIsFreedWhenItsOperationIsRemovedOrExpires() {
		IdempotencyKey key = new IdempotencyKey("k-2", "digest");
		Operation first = this.store.add(queued(OperationIds.next(), INSTANCE, key));
		this.store.remove(first.id());
		Operation second = queued(OperationIds.next(), INSTANCE, key);
		assertThat(this.store.add(second)).isSameAs(second);
		this.store.update(second.id(),
				(current, now) -> current.finished(OperationStatus.SUCCEEDED, null, now, Duration.ofMillis(1)));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.find(second.id()) == null);
		Operation third = queued(OperationIds.next(), INSTANCE, key);
		assertThat(this.store.add(third)).isSameAs(third);
	}

	@Test
	void concurrentAddsWithOneIdempotencyKeyBindOneOperation() throws Exception {
		IdempotencyKey key = new IdempotencyKey("k-3", "digest");
		ExecutorService executor = Executors.newFixedThreadPool(2);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Operation>> futures = new ArrayList<>();
			for (int t = 0; t < 2; t++) {
				futures.add(executor.submit(() -> {
					start.await();
					return this.store.add(queued(OperationIds.next(), INSTANCE, key));
				}));
			}
			start.countDown();
			Operation a = futures.get(0).get(1, TimeUnit.MINUTES);
			Operation b = futures.get(1).get(1, TimeUnit.MINUTES);
			assertThat(a.id()).isEqualTo(b.id());
			assertThat(this.store.find(a.id())).isNotNull();
		}
		finally {
			executor.shutdownNow();
		}
	}

	Operation queued(String id, String instance, IdempotencyKey key) {
		return queued(id, instance, key, LEASE);
	}

	Operation queued(String id, String instance, IdempotencyKey key, Duration lease) {
		return Operation.queued(id, "alice", instance, this.store.now(), lease, key);
	}

	private Operation finish(Operation operation, Duration retention) {
		return this.store.update(operation.id(),
				(current, now) -> current.finished(OperationStatus.SUCCEEDED, null, now, retention));
	}

}
