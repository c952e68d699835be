package dev.processing.operation;

import java.util.Locale;

/**
 * Where an {@link Operation} is in its life.
 *
 * @since 0.1.0
 */
public enum OperationStatus {

	/**
	 * Accepted and waiting for a worker.
	 */
	QUEUED,

	/**
	 * Running on a worker.
	 */
	RUNNING,

	/**
	 * Finished with a result.
	 */
	SUCCEEDED,

	/**
	 * Finished with an error, which the result describes.
	 */
	FAILED,

	/**
	 * Canceled by its client before it finished.
	 */
	CANCELED;

	/**
	 * Whether an operation with this status has finished.
	 * @return {@code true} for succeeded, failed and canceled
	 */
	public boolean isDone() {
		return this != QUEUED && this != RUNNING;
	}

	/**
	 * Return the name clients see, in lower case.
	 * @return the name in the status monitor
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
