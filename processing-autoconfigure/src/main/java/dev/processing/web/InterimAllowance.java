package dev.processing.web;

/**
 * How many {@code 102 Processing} interim responses one request may get.
 *
 * @param maxCount the most interim responses; {@code 0} for none, {@link Integer#MAX_VALUE} for no limit
 * @param processingPreferred whether the request opted in with {@code Prefer: processing}, so that its final
 * response says {@code Preference-Applied: processing}
 * @since 0.1.0
 */
public record InterimAllowance(int maxCount, boolean processingPreferred) {

	/**
	 * No interim responses.
	 */
	public static final InterimAllowance NONE = new InterimAllowance(0, false);

	/**
	 * As many interim responses as the request takes.
	 */
	public static final InterimAllowance UNLIMITED = new InterimAllowance(Integer.MAX_VALUE, false);

}
