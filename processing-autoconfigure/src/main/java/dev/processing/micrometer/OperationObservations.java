package dev.processing.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.task.TaskDecorator;

/**
 * An {@link Observation} named {@code processing.operation} around the detached run of each operation, a child of
 * the observation of the request that submitted it, so that a trace shows the submission and the work that ran after
 * the {@code 202 Accepted}.
 *
 * @since 0.1.0
 */
public final class OperationObservations {

	/**
	 * The name of the observation.
	 */
	public static final String NAME = "processing.operation";

	private OperationObservations() {
	}

	/**
	 * Return a decorator that observes each task of the operation executor.
	 * @param registry the observation registry
	 * @return the decorator; it takes the parent observation on the submitting thread
	 */
	public static TaskDecorator decorator(ObservationRegistry registry) {
		return (runnable) -> {
			Observation parent = registry.getCurrentObservation();
			return () -> Observation.createNotStarted(NAME, registry)
				.contextualName("processing operation")
				.parentObservation(parent)
				.observe(runnable);
		};
	}

}
