package dev.processing.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.processing.ProcessingMode;
import dev.processing.micrometer.ProcessingMetrics;
import dev.processing.operation.InMemoryOperationStore;
import dev.processing.operation.OperationStore;
import dev.processing.operation.Operations;
import dev.processing.tomcat.InterimResponseValve;
import dev.processing.tomcat.TomcatInternals;
import dev.processing.web.InterimResponses;
import dev.processing.web.LongRunningHandlers;
import dev.processing.web.LongRunningInterceptor;
import dev.processing.web.LongRunningSettings;
import org.apache.catalina.startup.Tomcat;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProcessingAutoConfiguration}: defaults, back-off, the disabled flag and user beans.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProcessingAutoConfigurationTests {

	private static final String INERT_MESSAGE = "@LongRunning handlers get no 102 Processing responses";

	private static final String ACTIVE_MESSAGE = "102 Processing interim responses are on for";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				ProcessingAutoConfiguration.class));

	@Test
	void operationExecutorIsBuiltWithBootsBuilderSoTheApplicationsCustomizersApply() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withBean(ThreadPoolTaskExecutorCustomizer.class, () -> (executor) -> executor.setKeepAliveSeconds(123))
			.run((context) -> {
				ThreadPoolTaskExecutor executor = context.getBean("processingOperationExecutor",
						ThreadPoolTaskExecutor.class);
				assertThat(executor.getKeepAliveSeconds()).isEqualTo(123);
				assertThat(executor.getThreadNamePrefix()).isEqualTo("processing-operation-");
			});
	}

	@Test
	void worksWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(Operations.class)
				.doesNotHaveBean("processingMetrics")
				.doesNotHaveBean("processingOperationObservations"));
	}

	@Test
	void bindsItsMetersWhereMicrometerIs() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(ProcessingMetrics.class)
			.getBean(Operations.class)
			.isNotNull());
	}

	@Test
	void createsInterimResponseBeansOnEmbeddedTomcat() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(InterimResponseValve.class)
			.hasSingleBean(InterimResponses.class)
			.hasSingleBean(LongRunningHandlers.class)
			.hasSingleBean(LongRunningInterceptor.class)
			.hasBean("processingTaskScheduler"));
	}

	@Test
	void saysOnceAtStartupThatInterimResponsesAreOn(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
		assertThat(lines(output, ACTIVE_MESSAGE)).singleElement()
			.asString()
			.contains("INFO", "on for 0 @LongRunning handler method(s)", "to clients not known to mishandle them)",
					"kept in the memory store");
		assertThat(lines(output, INERT_MESSAGE)).isEmpty();
	}

	@Test
	void saysAtStartupWhichClientsGetInterimResponses(CapturedOutput output) {
		this.contextRunner.withPropertyValues("processing.interim.strict=true", "processing.interim.max-count=3")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(lines(output, ACTIVE_MESSAGE)).singleElement()
			.asString()
			.contains("only to requests with 'Prefer: processing' (strict), at most 3 per request)");
	}

	@Test
	void saysAtStartupThatOperationsAreKeptInTheConfiguredStore(CapturedOutput output) {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.generate-unique-name=true", "processing.accepted.store.type=jdbc")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(lines(output, ACTIVE_MESSAGE)).singleElement().asString().endsWith("kept in the jdbc store");
	}

	@Test
	void saysAtStartupThatOperationsAreKeptInTheApplicationsOwnStore(CapturedOutput output) {
		this.contextRunner.withBean("userStore", OperationStore.class, () -> new InMemoryOperationStore(3) {
		}).run((context) -> assertThat(context).hasNotFailed());
		assertThat(lines(output, ACTIVE_MESSAGE)).singleElement()
			.asString()
			.endsWith("kept in a store of the application's own");
	}

	@Test
	void sendsInterimResponsesAfterFifteenSecondsEveryFifteenSecondsByDefault() {
		this.contextRunner.run((context) -> {
			ProcessingProperties properties = context.getBean(ProcessingProperties.class);
			assertThat(properties.isEnabled()).isTrue();
			assertThat(properties.getMode()).isEqualTo(ProcessingMode.INTERIM);
			assertThat(properties.getInterim().getInitialDelay()).isEqualTo(Duration.ofSeconds(15));
			assertThat(properties.getInterim().getInterval()).isEqualTo(Duration.ofSeconds(15));
		});
	}

	@Test
	void addsValveToTomcatContextValves() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(TomcatServletWebServerFactory.class).getContextValves())
			.containsOnlyOnce(context.getBean(InterimResponseValve.class)));
	}

	@Test
	void startsNoInterimResponsesOutsideOfARequest() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(InterimResponses.class).start(Duration.ofMillis(10), Duration.ofMillis(10), 1, () -> null))
			.isFalse());
	}

	@Test
	void keepsPrivateSchedulerOutOfInjectionByType() {
		this.contextRunner.run((context) -> {
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			assertThat(beanFactory.getBeanDefinition("processingTaskScheduler"))
				.asInstanceOf(InstanceOfAssertFactories.type(AbstractBeanDefinition.class))
				.returns(false, AbstractBeanDefinition::isDefaultCandidate);
		});
	}

	@Test
	void leavesBootTaskSchedulerAndApplicationTaskExecutorInPlace() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(TaskSchedulingAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
			.withUserConfiguration(SchedulingConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(InterimResponseValve.class)
					.hasBean("taskScheduler")
					.hasBean("applicationTaskExecutor");
				assertThat(context.getBean("taskScheduler")).isNotSameAs(context.getBean("processingTaskScheduler"));
				assertThat(context.getBean(TaskScheduler.class)).isSameAs(context.getBean("taskScheduler"));
			});
	}

	@Test
	void leavesUserTaskSchedulerTheOnlyOneInjectedByType() {
		this.contextRunner.withBean("userScheduler", TaskScheduler.class, SimpleAsyncTaskScheduler::new)
			.run((context) -> assertThat(context.getBean(TaskScheduler.class))
				.isSameAs(context.getBean("userScheduler")));
	}

	@Test
	void createsNothingWhenDisabled(CapturedOutput output) {
		this.contextRunner.withPropertyValues("processing.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ProcessingProperties.class);
			assertHasNoProcessingBeans(context);
		});
		assertThat(lines(output, INERT_MESSAGE)).isEmpty();
		assertThat(lines(output, ACTIVE_MESSAGE)).isEmpty();
	}

	@Test
	void backsOffAndSaysSoOnceWithoutTomcat(CapturedOutput output) {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Tomcat.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(TomcatServletWebServerFactory.class);
			assertHasNoProcessingBeans(context);
		});
		assertSaysOnceThatItIsOff(output);
	}

	@Test
	void backsOffAndSaysSoOnceWithoutTomcatWebServerFactory(CapturedOutput output) {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ProcessingAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertHasNoProcessingBeans(context);
			});
		assertSaysOnceThatItIsOff(output);
	}

	@Test
	void backsOffAndSaysSoOnceInNonWebApplication(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
					ProcessingAutoConfiguration.class))
			.withBean(TomcatServletWebServerFactory.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertHasNoProcessingBeans(context);
			});
		assertSaysOnceThatItIsOff(output);
	}

	@Test
	void backsOffWithoutSpringMvc(CapturedOutput output) {
		this.contextRunner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class)).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(TomcatServletWebServerFactory.class);
			assertHasNoProcessingBeans(context);
		});
		assertSaysOnceThatItIsOff(output);
	}

	@Test
	void userInterimResponsesReplaceOurs() {
		InterimResponses userInterimResponses = (initialDelay, interval, maxCount, fields) -> false;
		this.contextRunner.withBean("userInterimResponses", InterimResponses.class, () -> userInterimResponses)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(InterimResponses.class)
				.doesNotHaveBean("processingInterimResponses")
				.getBean(InterimResponses.class)
				.isSameAs(userInterimResponses));
	}

	@Test
	void userLongRunningHandlersReplaceOurs() {
		LongRunningHandlers userHandlers = new LongRunningHandlers(
				new LongRunningSettings(ProcessingMode.INTERIM, Duration.ofSeconds(1), Duration.ofSeconds(2), true),
				(value) -> value);
		this.contextRunner.withBean("userHandlers", LongRunningHandlers.class, () -> userHandlers)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(LongRunningHandlers.class)
				.doesNotHaveBean("longRunningHandlers")
				.hasSingleBean(LongRunningInterceptor.class)
				.getBean(LongRunningHandlers.class)
				.isSameAs(userHandlers));
	}

	@Test
	void userInterimResponseValveReplacesOursInTomcat() {
		this.contextRunner.withUserConfiguration(UserValveConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(InterimResponseValve.class)
				.doesNotHaveBean("processingInterimResponseValve")
				.doesNotHaveBean("processingTaskScheduler")
				.hasSingleBean(InterimResponses.class);
			InterimResponseValve userValve = context.getBean("userValve", InterimResponseValve.class);
			assertThat(context.getBean(TomcatServletWebServerFactory.class).getContextValves())
				.containsOnlyOnce(userValve);
		});
	}

	private static void assertSaysOnceThatItIsOff(CapturedOutput output) {
		assertThat(lines(output, INERT_MESSAGE)).singleElement().asString().contains("INFO");
		assertThat(lines(output, ACTIVE_MESSAGE)).isEmpty();
	}

	private static void assertHasNoProcessingBeans(ApplicationContextAssertProvider<?> context) {
		assertThat(context).doesNotHaveBean(InterimResponseValve.class)
			.doesNotHaveBean(InterimResponses.class)
			.doesNotHaveBean(LongRunningHandlers.class)
			.doesNotHaveBean(LongRunningInterceptor.class)
			.doesNotHaveBean("processingTaskScheduler")
			.doesNotHaveBean("processingInterimResponseValveCustomizer")
			.doesNotHaveBean("processingWebMvcConfigurer")
			.doesNotHaveBean("processingLongRunningValidation");
	}

	static List<String> lines(CapturedOutput output, String message) {
		return Arrays.stream(output.getAll().split("\\R")).filter((line) -> line.contains(message)).toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserValveConfiguration {

		@Bean
		InterimResponseValve userValve() {
			return new InterimResponseValve(Objects.requireNonNull(TomcatInternals.get()),
					new SimpleAsyncTaskScheduler());
		}

	}

}
