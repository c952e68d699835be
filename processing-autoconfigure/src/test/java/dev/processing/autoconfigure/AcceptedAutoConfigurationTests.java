package dev.processing.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.processing.operation.InMemoryOperationStore;
import dev.processing.operation.Operation;
import dev.processing.accepted.OperationEndpoint;
import dev.processing.operation.OperationIds;
import dev.processing.operation.OperationOutcome;
import dev.processing.accepted.OperationResponses;
import dev.processing.operation.OperationStore;
import dev.processing.operation.Operations;
import dev.processing.operation.StoredResponse;
import dev.processing.web.LongRunningHandlerAdapter;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@code 202 Accepted} part of {@link ProcessingAutoConfiguration}: its beans, the properties that
 * shape them, and the values that stop start-up.
 */
class AcceptedAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				ProcessingAutoConfiguration.class));

	@Test
	void createsAcceptedModeBeansByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(Operations.class)
				.hasSingleBean(OperationStore.class)
				.hasSingleBean(OperationResponses.class)
				.hasSingleBean(OperationEndpoint.class)
				.hasSingleBean(LongRunningHandlerAdapter.class)
				.hasBean("processingOperationMapping");
			assertThat(context.getBean(OperationStore.class)).isInstanceOf(InMemoryOperationStore.class);
			assertThat(context.getBean("processingOperationExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
		});
	}

	@Test
	void statusMonitorRoutesAreLookedUpOnlyAfterTheAnnotatedControllers() {
		this.contextRunner.run((context) -> {
			// A RouterFunction bean would join Spring MVC's router function mapping, which every request passes first.
			assertThat(context.getBeansOfType(RouterFunction.class)).isEmpty();
			RouterFunctionMapping mapping = context.getBean("processingOperationMapping", RouterFunctionMapping.class);
			assertThat(mapping.getRouterFunction()).isNotNull();
			// Spring MVC gives its mapping of annotated controllers order 0.
			assertThat(mapping.getOrder()).isGreaterThan(0);
		});
	}

	@Test
	void acceptedModeDefaultsMatchTheDocumentedOnes() {
		this.contextRunner.run((context) -> {
			ProcessingProperties.Accepted accepted = context.getBean(ProcessingProperties.class).getAccepted();
			assertThat(accepted.getBasePath()).isEqualTo("/operations");
			assertThat(accepted.getRetryAfter()).isEqualTo(Duration.ofSeconds(5));
			assertThat(accepted.isHonorPrefer()).isTrue();
			assertThat(accepted.getMaxWait()).isEqualTo(Duration.ofSeconds(30));
			assertThat(accepted.getMaxConcurrent()).isEqualTo(8);
			assertThat(accepted.getQueueCapacity()).isEqualTo(100);
			assertThat(accepted.getRetention()).isEqualTo(Duration.ofHours(1));
			assertThat(accepted.getMaxOperations()).isEqualTo(1000);
			assertThat(accepted.getMaxResultSize()).isEqualTo(DataSize.ofMegabytes(1));
			ThreadPoolTaskExecutor executor = operationExecutor(context.getBean("processingOperationExecutor"));
			assertThat(executor.getCorePoolSize()).isEqualTo(8);
			assertThat(executor.getMaxPoolSize()).isEqualTo(8);
			assertThat(executor.getQueueCapacity()).isEqualTo(100);
		});
	}

	@Test
	void keepsOperationExecutorOutOfInjectionByType() {
		this.contextRunner.run((context) -> assertThat(
				context.getBeanFactory().getBeanDefinition("processingOperationExecutor"))
			.asInstanceOf(InstanceOfAssertFactories.type(AbstractBeanDefinition.class))
			.returns(false, AbstractBeanDefinition::isDefaultCandidate));
	}

	@Test
	void leavesBootApplicationTaskExecutorInPlace() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("applicationTaskExecutor");
				assertThat(context.getBean("applicationTaskExecutor"))
					.isNotSameAs(context.getBean("processingOperationExecutor"));
				assertThat(context.getBean(TaskExecutor.class)).isSameAs(context.getBean("applicationTaskExecutor"));
			});
	}

	@Test
	void operationsRunOnTheOperationExecutor() {
		this.contextRunner.run((context) -> assertThat(runThreadName(context)).startsWith("processing-operation-"));
	}

	@Test
	void userOperationStoreReplacesOursAndKeepsTheOperations() {
		InMemoryOperationStore userStore = new InMemoryOperationStore(3);
		this.contextRunner.withBean("userStore", OperationStore.class, () -> userStore).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(OperationStore.class)
				.doesNotHaveBean("processingOperationStore")
				.hasSingleBean(Operations.class);
			Operation operation = context.getBean(Operations.class)
				.submit(null, null, (handle) -> OperationOutcome.succeeded(new StoredResponse(204, Map.of(),
						new byte[0])));
			assertThat(userStore.find(operation.id())).isNotNull();
		});
	}

	@Test
	void userOperationExecutorReplacesOurs() {
		this.contextRunner.withUserConfiguration(UserExecutorConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ThreadPoolTaskExecutor executor = operationExecutor(context.getBean("processingOperationExecutor"));
			assertThat(executor.getThreadNamePrefix()).isEqualTo("user-operation-");
			assertThat(runThreadName(context)).startsWith("user-operation-");
		});
	}

	@Test
	void acceptedPropertiesShapeTheBeans() {
		this.contextRunner
			.withPropertyValues("processing.accepted.base-path=/api/jobs/status",
					"processing.accepted.retry-after=2500ms", "processing.accepted.max-concurrent=3",
					"processing.accepted.queue-capacity=7", "processing.accepted.max-operations=2",
					"processing.accepted.max-result-size=2KB", "processing.accepted.retention=90s",
					"processing.accepted.max-wait=0s", "processing.accepted.honor-prefer=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ProcessingProperties.Accepted accepted = context.getBean(ProcessingProperties.class).getAccepted();
				assertThat(accepted.getRetention()).isEqualTo(Duration.ofSeconds(90));
				assertThat(accepted.getMaxWait()).isEqualTo(Duration.ZERO);
				assertThat(accepted.isHonorPrefer()).isFalse();
				ThreadPoolTaskExecutor executor = operationExecutor(context.getBean("processingOperationExecutor"));
				assertThat(executor.getCorePoolSize()).isEqualTo(3);
				assertThat(executor.getMaxPoolSize()).isEqualTo(3);
				assertThat(executor.getQueueCapacity()).isEqualTo(7);
				OperationResponses responses = context.getBean(OperationResponses.class);
				assertThat(responses.getBasePath()).isEqualTo("/api/jobs/status");
				assertThat(responses.monitorPath("/app", "abc")).isEqualTo("/app/api/jobs/status/abc");
				assertThat(responses.unavailable(null).headers()).containsEntry("Retry-After", List.of("3"));
				InMemoryOperationStore store = (InMemoryOperationStore) context.getBean(OperationStore.class);
				assertThat(store.add(queued(store))).isNotNull();
				assertThat(store.add(queued(store))).isNotNull();
				assertThat(store.add(queued(store))).isNull();
				assertThat(context.getBean(LongRunningHandlerAdapter.class)).extracting("maxResultSize")
					.isEqualTo(2048L);
				assertThat(context.getBean(Operations.class)).extracting("retention")
					.isEqualTo(Duration.ofSeconds(90));
			});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			processing.accepted.base-path       | operations | must start with '/'
			processing.accepted.base-path       | /          | must start with '/' and not end with '/'
			processing.accepted.base-path       | /ops/      | not end with '/'
			processing.accepted.base-path       | /ops/{x}   | must be a plain path
			processing.accepted.base-path       | /ops/*     | must be a plain path
			processing.accepted.retry-after     | 0s         | must be at least 1s
			processing.accepted.retry-after     | 999ms      | must be at least 1s
			processing.accepted.max-concurrent  | 0          | must be positive
			processing.accepted.queue-capacity  | -1         | must not be negative
			processing.accepted.retention       | 0s         | must be positive
			processing.accepted.max-operations  | 0          | must be positive
			processing.accepted.max-result-size | 0B         | must be positive
			processing.accepted.max-wait        | -1s        | must not be negative
			processing.mode                     | default    | must be 'interim' or 'accepted'
			""")
	void badAcceptedValueFailsStartupNamingTheProperty(String property, String value, String reason) {
		this.contextRunner.withPropertyValues(property + "=" + value)
			.run((context) -> ProcessingPropertiesBindingTests.assertStartupFailsBinding(context.getStartupFailure(),
					property, reason));
	}

	private static Operation queued(OperationStore store) {
		return Operation.queued(OperationIds.next(), null, "here", store.now(), Duration.ofSeconds(30), null);
	}

	/**
	 * Submit an operation and return the name of the thread that ran it.
	 */
	private static String runThreadName(ApplicationContext context) {
		Operations operations = context.getBean(Operations.class);
		Operation operation = operations.submit(null, null, (handle) -> OperationOutcome
			.succeeded(new StoredResponse(200, Map.of(), Thread.currentThread().getName().getBytes())));
		Operation finished = await().pollInterval(Duration.ofMillis(5))
			.until(() -> operations.find(operation.id(), null), (found) -> found != null && found.isDone());
		assertThat(finished.result()).isNotNull();
		return new String(finished.result().body());
	}

	private static ThreadPoolTaskExecutor operationExecutor(Object bean) {
		assertThat(bean).isInstanceOf(ThreadPoolTaskExecutor.class);
		return (ThreadPoolTaskExecutor) bean;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserExecutorConfiguration {

		@Bean
		ThreadPoolTaskExecutor processingOperationExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setQueueCapacity(0);
			executor.setThreadNamePrefix("user-operation-");
			return executor;
		}

	}

}
