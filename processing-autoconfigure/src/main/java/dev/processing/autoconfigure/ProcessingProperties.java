package dev.processing.autoconfigure;

import java.time.Duration;

import dev.processing.ProcessingMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Configuration properties of the processing starter.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("processing")
public class ProcessingProperties {

	/**
	 * Whether long-running handlers get interim responses.
	 */
	private boolean enabled = true;

	/**
	 * How long-running handlers keep their clients informed, unless an annotation says otherwise. This version
	 * supports 'interim' only.
	 */
	private ProcessingMode mode = ProcessingMode.INTERIM;

	private final Interim interim = new Interim();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public ProcessingMode getMode() {
		return this.mode;
	}

	public void setMode(ProcessingMode mode) {
		Assert.isTrue(mode != ProcessingMode.DEFAULT, "must be 'interim'");
		Assert.isTrue(mode != ProcessingMode.ACCEPTED, "'accepted' (202 Accepted and polling) is not supported by "
				+ "this version; use 'interim'");
		this.mode = mode;
	}

	public Interim getInterim() {
		return this.interim;
	}

	/**
	 * Interim ({@code 102 Processing}) responses.
	 *
	 * @since 0.1.0
	 */
	public static class Interim {

		/**
		 * How long a long-running handler may work before the first 102 Processing response.
		 */
		private Duration initialDelay = Duration.ofSeconds(15);

		/**
		 * How long to wait between two 102 Processing responses.
		 */
		private Duration interval = Duration.ofSeconds(15);

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			assertPositive(initialDelay);
			this.initialDelay = initialDelay;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			assertPositive(interval);
			this.interval = interval;
		}

		private static void assertPositive(Duration duration) {
			Assert.isTrue(!duration.isNegative() && !duration.isZero(), "must be positive");
		}

	}

}
