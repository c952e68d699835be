package dev.processing.actuate;

import java.time.Instant;

import dev.processing.operation.InMemoryOperationStore;
import dev.processing.operation.OperationStoreException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OperationStoreHealthIndicator}.
 */
class OperationStoreHealthIndicatorTests {

	@Test
	void storeThatAnswersIsUp() {
		Health health = new OperationStoreHealthIndicator(new InMemoryOperationStore(1), "jdbc").health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("store", "jdbc").containsKey("time");
	}

	@Test
	void storeThatCannotBeReachedIsDownWithItsError() {
		InMemoryOperationStore unreachable = new InMemoryOperationStore(1) {

			@Override
			public Instant now() {
				throw new OperationStoreException("Could not read the clock in the database: refused",
						new IllegalStateException("refused"));
			}

		};
		Health health = new OperationStoreHealthIndicator(unreachable, "jdbc").health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "Could not read the clock in the database: refused");
	}

}
