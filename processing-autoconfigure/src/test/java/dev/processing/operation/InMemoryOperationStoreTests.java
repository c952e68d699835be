package dev.processing.operation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link InMemoryOperationStore}.
 */
class InMemoryOperationStoreTests {

	private static final Instant START = Instant.parse("2030-01-01T12:00:00Z");

	private static final Duration RETENTION = Duration.ofMinutes(5);

	private final InMemoryOperationStore store = new InMemoryOperationStore(2);

	@Test
	void capacityMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryOperationStore(0))
			.withMessageContaining("capacity");
	}

	@Test
	void addsOperationsUpToItsCapacity() {
		assertThat(this.store.add(queued("a"))).isTrue();
		assertThat(this.store.add(queued("b"))).isTrue();
		assertThat(this.store.add(queued("c"))).isFalse();
		assertThat(this.store.size()).isEqualTo(2);
		assertThat(this.store.find("c", START)).isNull();
	}

	@Test
	void removingAnOperationMakesRoom() {
		this.store.add(queued("a"));
		this.store.add(queued("b"));
		assertThat(this.store.remove("a")).isTrue();
		assertThat(this.store.add(queued("c"))).isTrue();
		assertThat(this.store.size()).isEqualTo(2);
	}

	@Test
	void finishedOperationsCountTowardsCapacity() {
		this.store.add(finished("a", START.plusSeconds(1)));
		this.store.add(finished("b", START.plusSeconds(1)));
		assertThat(this.store.add(queued("c"))).isFalse();
	}

	@Test
	void duplicateIdIsRejectedWithoutTakingRoomOrReplacingTheFirst() {
		Operation first = queued("a");
		this.store.add(first);
		assertThatIllegalStateException().isThrownBy(() -> this.store.add(queued("a")))
			.withMessageContaining("same id");
		assertThat(this.store.size()).isEqualTo(1);
		assertThat(this.store.find("a", START)).isSameAs(first);
		assertThat(this.store.add(queued("b"))).isTrue();
	}

	@Test
	void findsOperationById() {
		Operation operation = queued("a");
		this.store.add(operation);
		assertThat(this.store.find("a", START)).isSameAs(operation);
		assertThat(this.store.find("b", START)).isNull();
	}

	@Test
	void operationThatIsNotDoneNeverExpires() {
		this.store.add(queued("a"));
		assertThat(this.store.find("a", START.plus(Duration.ofDays(365)))).isNotNull();
		assertThat(this.store.removeExpired(START.plus(Duration.ofDays(365)))).isZero();
	}

	@Test
	void findHidesExpiredOperationAndRemovesIt() {
		Operation operation = finished("a", START.plusSeconds(1));
		this.store.add(operation);
		Instant expiry = operation.expiresAt();
		assertThat(this.store.find("a", expiry.minusMillis(1))).isSameAs(operation);
		assertThat(this.store.find("a", expiry)).isNull();
		assertThat(this.store.size()).isZero();
		assertThat(this.store.find("a", expiry.minusMillis(1))).as("removed, not only hidden").isNull();
	}

	@Test
	void updateChangesTheStoredOperation() {
		this.store.add(queued("a"));
		Instant later = START.plusSeconds(2);
		Operation updated = this.store.update("a",
				(operation) -> operation.withProgress(new OperationProgress(40, "Loading"), later));
		assertThat(updated).isNotNull();
		assertThat(updated.progress()).isEqualTo(new OperationProgress(40, "Loading"));
		assertThat(updated.updatedAt()).isEqualTo(later);
		assertThat(this.store.find("a", later)).isEqualTo(updated);
	}

	@Test
	void updateOfUnknownIdAddsNothing() {
		assertThat(this.store.update("a", (operation) -> operation.running(START))).isNull();
		assertThat(this.store.find("a", START)).isNull();
		assertThat(this.store.size()).isZero();
	}

	@Test
	void removeSaysWhetherThereWasAnOperationAndFreesItsRoomOnce() {
		this.store.add(queued("a"));
		this.store.add(queued("b"));
		assertThat(this.store.remove("a")).isTrue();
		assertThat(this.store.remove("a")).isFalse();
		assertThat(this.store.find("a", START)).isNull();
		assertThat(this.store.size()).isEqualTo(1);
	}

	@Test
	void removeExpiredRemovesOnlyExpiredOperationsAndCountsThem() {
		InMemoryOperationStore store = new InMemoryOperationStore(4);
		store.add(finished("early", START.plusSeconds(1)));
		store.add(finished("also-early", START.plusSeconds(2)));
		store.add(finished("late", START.plusSeconds(60)));
		store.add(queued("running"));
		Instant now = START.plusSeconds(2).plus(RETENTION);
		assertThat(store.removeExpired(now)).isEqualTo(2);
		assertThat(store.size()).isEqualTo(2);
		assertThat(store.find("late", now)).isNotNull();
		assertThat(store.find("running", now)).isNotNull();
		assertThat(store.removeExpired(now)).isZero();
		assertThat(store.add(queued("new"))).isTrue();
		assertThat(store.add(queued("newer"))).isTrue();
	}

	private static Operation queued(String id) {
		return Operation.queued(id, null, START);
	}

	private static Operation finished(String id, Instant finishedAt) {
		StoredResponse result = new StoredResponse(200, Map.of("Content-Type", List.of("text/plain")),
				"done".getBytes());
		return queued(id).running(START)
			.finished(OperationStatus.SUCCEEDED, result, finishedAt, finishedAt.plus(RETENTION));
	}

}
