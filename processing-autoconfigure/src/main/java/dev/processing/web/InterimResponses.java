package dev.processing.web;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

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
	 * @param maxCount how many interim responses the request may get at most; none if zero
	 * @param fields supplies, for each interim response, its header field lines (each ending in CRLF, printable
	 * ASCII only), or {@code null} for none
	 * @return whether interim responses run for the request
	 */
	boolean start(Duration initialDelay, Duration interval, int maxCount, Supplier<@Nullable String> fields);

}
