package dev.processing.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.processing.LongRunning;
import dev.processing.ProcessingMode;
import dev.processing.web.LongRunningHandlers;
import dev.processing.web.LongRunningSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.method.HandlerMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for binding {@link ProcessingProperties} through {@link ProcessingAutoConfiguration}.
 */
class ProcessingPropertiesBindingTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				ProcessingAutoConfiguration.class));

	@Test
	void bindsModeAndDurations() {
		this.contextRunner
			.withPropertyValues("processing.mode=interim", "processing.interim.initial-delay=250ms",
					"processing.interim.interval=PT1M")
			.run((context) -> {
				ProcessingProperties properties = context.getBean(ProcessingProperties.class);
				assertThat(properties.getMode()).isEqualTo(ProcessingMode.INTERIM);
				assertThat(properties.getInterim().getInitialDelay()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getInterim().getInterval()).isEqualTo(Duration.ofMinutes(1));
			});
	}

	@Test
	void emptyAnnotationAttributesTakeConfiguredDurations() {
		this.contextRunner
			.withPropertyValues("processing.interim.initial-delay=250ms", "processing.interim.interval=500ms")
			.run((context) -> assertThat(
					context.getBean(LongRunningHandlers.class).find(handlerMethod(new Controller(), "work")))
				.isEqualTo(new LongRunningSettings(ProcessingMode.INTERIM, Duration.ofMillis(250),
						Duration.ofMillis(500), false)));
	}

	@Test
	void negativeIntervalFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("processing.interim.interval=-1s")
			.run((context) -> assertStartupFailsBinding(context.getStartupFailure(), "processing.interim.interval",
					"must be positive"));
	}

	@Test
	void zeroInitialDelayFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("processing.interim.initial-delay=0s")
			.run((context) -> assertStartupFailsBinding(context.getStartupFailure(),
					"processing.interim.initial-delay", "must be positive"));
	}

	@Test
	void unparsableIntervalFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("processing.interim.interval=abc")
			.run((context) -> assertStartupFailsBinding(context.getStartupFailure(), "processing.interim.interval",
					"'abc' is not a valid duration"));
	}

	@Test
	void defaultModeFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("processing.mode=default")
			.run((context) -> assertStartupFailsBinding(context.getStartupFailure(), "processing.mode",
					"must be 'interim'"));
	}

	@Test
	void bindsInstanceIdAndLease() {
		this.contextRunner
			.withPropertyValues("processing.accepted.instance-id=node-1", "processing.accepted.lease.duration=20s",
					"processing.accepted.lease.renew-interval=5s")
			.run((context) -> {
				ProcessingProperties.Accepted accepted = context.getBean(ProcessingProperties.class).getAccepted();
				assertThat(accepted.getInstanceId()).isEqualTo("node-1");
				assertThat(accepted.getLease().getDuration()).isEqualTo(Duration.ofSeconds(20));
				assertThat(accepted.getLease().getRenewInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(context.getBean(dev.processing.operation.Operations.class).getInstance())
					.isEqualTo("node-1");
			});
	}

	@Test
	void defaultInstanceIdIsNewForEveryStart() {
		String first = new ProcessingProperties().getAccepted().getInstanceId();
		String second = new ProcessingProperties().getAccepted().getInstanceId();
		assertThat(first).isNotBlank().isNotEqualTo(second);
	}

	@Test
	void blankInstanceIdFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("processing.accepted.instance-id= ")
			.run((context) -> assertStartupFailsBinding(context.getStartupFailure(),
					"processing.accepted.instance-id", "must have 1 to 255 characters"));
	}

	@Test
	void zeroLeaseFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("processing.accepted.lease.duration=0s")
			.run((context) -> assertStartupFailsBinding(context.getStartupFailure(),
					"processing.accepted.lease.duration", "must be positive"));
	}

	@Test
	void renewIntervalNotShorterThanTheLeaseFailsStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("processing.accepted.lease.duration=10s",
					"processing.accepted.lease.renew-interval=10s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("processing.accepted.lease.renew-interval")
				.hasMessageContaining("shorter than processing.accepted.lease.duration"));
	}

	@Test
	void badDurationFailsStartupEvenWhereInterimResponsesAreOff() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ProcessingAutoConfiguration.class))
			.withPropertyValues("processing.interim.interval=abc")
			.run((context) -> assertStartupFailsBinding(context.getStartupFailure(), "processing.interim.interval",
					"'abc' is not a valid duration"));
	}

	/**
	 * Assert that start-up failed binding the given property, the one Boot's failure analysis then reports, with a
	 * message chain that names it and gives the reason.
	 */
	static void assertStartupFailsBinding(Throwable failure, String property, String reason) {
		String messages = String.join("\n", messages(failure));
		assertThat(failure).hasRootCauseInstanceOf(IllegalArgumentException.class);
		Throwable bindException = failure;
		while (!(bindException instanceof BindException)) {
			assertThat(bindException).as("BindException in the failure chain").isNotNull();
			bindException = bindException.getCause();
		}
		assertThat(((BindException) bindException).getProperty()).isNotNull()
			.extracting(ConfigurationProperty::getName)
			.hasToString(property);
		int lastDot = property.lastIndexOf('.');
		assertThat(messages).contains("'" + property.substring(0, lastDot))
			.contains(property.substring(lastDot + 1))
			.contains(reason);
	}

	private static HandlerMethod handlerMethod(Object controller, String name) {
		return new HandlerMethod(controller, ReflectionUtils.findMethod(controller.getClass(), name));
	}

	static List<String> messages(Throwable failure) {
		assertThat(failure).as("start-up failure").isNotNull();
		List<String> messages = new ArrayList<>();
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			messages.add(String.valueOf(ex.getMessage()));
		}
		return messages;
	}

	static class Controller {

		@LongRunning
		void work() {
		}

	}

}
