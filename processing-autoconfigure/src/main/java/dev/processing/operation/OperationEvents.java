package dev.processing.operation;

import java.time.Duration;

/**
 * What {@link Operations} tells about the operations of this instance as they happen, for metrics, and how it
 * instruments its store: every method does nothing unless overridden, and none may block or throw.
 *
 * @since 0.1.0
 */
public interface OperationEvents {

	/**
	 * Events that go nowhere.
	 */
	OperationEvents NONE = new OperationEvents() {
	};

	/**
	 * Return the store that operations are kept in, instrumented if these events measure calls to it.
	 * @param store the store
	 * @return the store to use
	 */
	default OperationStore instrument(OperationStore store) {
		return store;
	}

	/**
	 * A submission was answered.
	 * @param outcome how
	 */
	default void submitted(Submission outcome) {
	}

	/**
	 * An operation left the queue and started.
	 * @param queued how long it waited for a worker
	 */
	default void started(Duration queued) {
	}

	/**
	 * An operation that ran here ended.
	 * @param status how: succeeded, failed or canceled
	 * @param ran how long it ran
	 * @param resultSize the size of its result's body in bytes, or {@code -1} if it has none
	 */
	default void ended(OperationStatus status, Duration ran, long resultSize) {
	}

	/**
	 * An operation, of any instance, was failed (or canceled) because its lease ran out.
	 */
	default void lost() {
	}

	/**
	 * How a submission was answered.
	 */
	enum Submission {

		/**
		 * A new operation was accepted.
		 */
		ACCEPTED,

		/**
		 * The operation already bound to the request's idempotency key was answered.
		 */
		IDEMPOTENT_REPLAY,

		/**
		 * It was refused: no room, or no store to keep it in.
		 */
		REJECTED

	}

}
