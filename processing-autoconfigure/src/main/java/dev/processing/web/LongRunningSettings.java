package dev.processing.web;

import java.time.Duration;

import dev.processing.ProcessingMode;

/**
 * The settings of one {@link dev.processing.LongRunning @LongRunning} handler method, with defaults and
 * placeholders resolved.
 *
 * @param mode the processing mode, never {@link ProcessingMode#DEFAULT}; {@link ProcessingMode#ACCEPTED} only if
 * the method can run detached
 * @param initialDelay how long until the first interim response
 * @param interval how long between two interim responses
 * @param detachable whether the method can run detached from its request, as {@code 202 Accepted} needs
 * @since 0.1.0
 */
public record LongRunningSettings(ProcessingMode mode, Duration initialDelay, Duration interval,
		boolean detachable) {

}
