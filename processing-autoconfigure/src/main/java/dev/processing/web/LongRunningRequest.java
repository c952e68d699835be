package dev.processing.web;

import java.time.Duration;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * What was decided for a request to a long-running handler, kept as a request attribute.
 *
 * @param accepted whether it runs detached and is answered with {@code 202 Accepted}
 * @param waitTime how long to wait for the result before answering {@code 202 Accepted}; zero for not at all
 * @param respondAsyncApplied whether {@code 202 Accepted} was the client's preference
 * @param progress its progress
 * @param untilDone whether it is answered with the result however long the work takes, never with
 * {@code 202 Accepted}: an interim-mode request that runs as an operation because it has an idempotency key
 */
record LongRunningRequest(boolean accepted, Duration waitTime, boolean respondAsyncApplied, ProgressReporter progress,
		boolean untilDone) {

	/**
	 * How long an interim-mode request with an idempotency key waits for its operation: as long as the work takes.
	 */
	static final Duration UNTIL_DONE = Duration.ofDays(365);

	private static final String ATTRIBUTE = LongRunningRequest.class.getName();

	void bindTo(ServletRequest request) {
		request.setAttribute(ATTRIBUTE, this);
	}

	static @Nullable LongRunningRequest of(ServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof LongRunningRequest longRunning) ? longRunning : null;
	}

}
