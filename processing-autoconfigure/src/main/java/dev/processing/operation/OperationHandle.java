package dev.processing.operation;

/**
 * What the work of an operation sees of it while it runs.
 *
 * @since 0.1.0
 */
public interface OperationHandle {

	/**
	 * Return the operation's id, for logs ({@link Operations#shortId}).
	 * @return the id
	 */
	String id();

	/**
	 * Record the operation's progress, unless it is done.
	 * @param progress the progress
	 */
	void progress(OperationProgress progress);

	/**
	 * Whether the operation was canceled, or is gone.
	 * @return whether it is canceled, its cancellation was requested, or it is no longer stored
	 */
	boolean isCanceled();

}
