package dev.processing;

/**
 * How a {@link LongRunning @LongRunning} handler keeps its client informed.
 *
 * @since 0.1.0
 */
public enum ProcessingMode {

	/**
	 * Follow the {@code processing.mode} property.
	 */
	DEFAULT,

	/**
	 * Hold the request and send {@code 102 Processing} interim responses until the final response starts.
	 */
	INTERIM,

	/**
	 * Answer {@code 202 Accepted} at once and let the client poll a status monitor.
	 */
	ACCEPTED

}
