package dev.processing.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides, per request, whether a long-running request may get {@code 102 Processing} interim responses and how
 * many; declare a bean of this type to replace the default {@link ClientInterimPolicy}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface InterimPolicy {

	/**
	 * Return how many interim responses a request may get.
	 * @param request the request to a long-running handler
	 * @param processingPreferred whether the request asks for interim responses with {@code Prefer: processing}
	 * @return the allowance
	 */
	InterimAllowance allowance(HttpServletRequest request, boolean processingPreferred);

}
