package dev.processing.operation;

/**
 * The detached work of an operation.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface OperationTask {

	/**
	 * Do the work. An interrupt means the operation was canceled.
	 * @param operation the operation the work runs for
	 * @return how it ended
	 * @throws Exception if it could not even describe its failure
	 */
	OperationOutcome run(OperationHandle operation) throws Exception;

}
