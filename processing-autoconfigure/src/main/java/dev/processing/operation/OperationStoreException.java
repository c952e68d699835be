package dev.processing.operation;

/**
 * Thrown by an {@link OperationStore} that cannot do what it is asked, such as when its database or Redis cannot be
 * reached; the request that needed it is answered {@code 503 Service Unavailable}.
 *
 * @since 0.1.0
 */
public class OperationStoreException extends RuntimeException {

	/**
	 * Create an instance.
	 * @param message what the store could not do
	 * @param cause why
	 */
	public OperationStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
