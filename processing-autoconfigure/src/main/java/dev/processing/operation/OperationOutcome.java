package dev.processing.operation;

/**
 * How the work of an operation ended: succeeded or failed, with the response it ended with.
 *
 * @param status {@link OperationStatus#SUCCEEDED} or {@link OperationStatus#FAILED}
 * @param response the response, replayed to the client that fetches the result
 * @since 0.1.0
 */
public record OperationOutcome(OperationStatus status, StoredResponse response) {

	/**
	 * Create an outcome.
	 * @param status succeeded or failed
	 * @param response the response
	 */
	public OperationOutcome {
		if (status != OperationStatus.SUCCEEDED && status != OperationStatus.FAILED) {
			throw new IllegalArgumentException("An outcome is succeeded or failed, not " + status);
		}
	}

	/**
	 * Create the outcome of work that succeeded.
	 * @param response the response it produced
	 * @return the outcome
	 */
	public static OperationOutcome succeeded(StoredResponse response) {
		return new OperationOutcome(OperationStatus.SUCCEEDED, response);
	}

	/**
	 * Create the outcome of work that failed.
	 * @param response the error response that describes the failure
	 * @return the outcome
	 */
	public static OperationOutcome failed(StoredResponse response) {
		return new OperationOutcome(OperationStatus.FAILED, response);
	}

}
