package dev.processing.web;

import java.time.Duration;

/**
 * Starts {@code 102 Processing} interim responses for the request that the current thread handles; implemented by
 * the web server side.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface InterimResponses {

	/**
	 * Start interim responses for the current request, if its connection can carry them.
	 * @param initialDelay how long until the first interim response
	 * @param interval how long between two interim responses
	 * @return whether interim responses run for the request
	 */
	boolean start(Duration initialDelay, Duration interval);

}
