package dev.processing.operation;

/**
 * Thrown when an operation cannot be accepted because as many as allowed are running, waiting, or stored.
 *
 * @since 0.1.0
 */
public class OperationCapacityException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what is full
	 */
	public OperationCapacityException(String message) {
		super(message);
	}

}
