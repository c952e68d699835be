package dev.processing.actuate;

import dev.processing.operation.OperationStore;
import dev.processing.operation.OperationStoreException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of a store that keeps operations outside the application: up while it answers, down with its error
 * while it does not, without a stack trace in the log.
 *
 * @since 0.1.0
 */
public class OperationStoreHealthIndicator implements HealthIndicator {

	private final OperationStore store;

	private final String type;

	/**
	 * Create an instance.
	 * @param store the store
	 * @param type the kind of store, shown as a detail
	 */
	public OperationStoreHealthIndicator(OperationStore store, String type) {
		this.store = store;
		this.type = type;
	}

	@Override
	public Health health() {
		try {
			return Health.up().withDetail("store", this.type).withDetail("time", this.store.now()).build();
		}
		catch (OperationStoreException ex) {
			return Health.down().withDetail("store", this.type).withDetail("error", ex.getMessage()).build();
		}
	}

}
