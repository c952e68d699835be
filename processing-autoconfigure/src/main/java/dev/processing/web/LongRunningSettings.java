package dev.processing.web;

import java.time.Duration;

import dev.processing.ProcessingMode;

/**
 * The settings of one {@link dev.processing.LongRunning @LongRunning} handler, with defaults and placeholders
 * resolved.
 *
 * @param mode the processing mode, never {@link ProcessingMode#DEFAULT}
 * @param initialDelay how long until the first interim response
 * @param interval how long between two interim responses
 * @since 0.1.0
 */
public record LongRunningSettings(ProcessingMode mode, Duration initialDelay, Duration interval) {

}
