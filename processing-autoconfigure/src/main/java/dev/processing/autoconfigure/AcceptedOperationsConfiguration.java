package dev.processing.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.processing.accepted.OperationEndpoint;
import dev.processing.accepted.OperationResponses;
import dev.processing.operation.OperationEvents;
import dev.processing.operation.OperationHousekeeping;
import dev.processing.operation.OperationStore;
import dev.processing.operation.OperationTaskDecorators;
import dev.processing.operation.Operations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;

/**
 * The {@code 202 Accepted} mode: the executor that runs operations detached, their housekeeping, and the status
 * monitor. The store they are kept in comes from {@link OperationStoreConfigurations}.
 */
@Configuration(proxyBeanMethods = false)
class AcceptedOperationsConfiguration {

	@Bean(defaultCandidate = false)
	@Qualifier("processing")
	@ConditionalOnMissingBean(name = "processingOperationExecutor")
	ThreadPoolTaskExecutor processingOperationExecutor(ObjectProvider<ThreadPoolTaskExecutorBuilder> builder,
			@Qualifier("processingOperationObservations") ObjectProvider<TaskDecorator> observations,
			ProcessingProperties properties) {
		ProcessingProperties.Accepted accepted = properties.getAccepted();
		TaskDecorator decorator = OperationTaskDecorators.available();
		TaskDecorator observed = observations.getIfAvailable();
		return builder.getIfAvailable(ThreadPoolTaskExecutorBuilder::new)
			.corePoolSize(accepted.getMaxConcurrent())
			.maxPoolSize(accepted.getMaxConcurrent())
			.queueCapacity(accepted.getQueueCapacity())
			.allowCoreThreadTimeOut(true)
			.threadNamePrefix("processing-operation-")
			.taskDecorator((observed != null) ? new CompositeTaskDecorator(List.of(observed, decorator)) : decorator)
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	OperationResponses processingOperationResponses(ProcessingProperties properties) {
		ProcessingProperties.Accepted accepted = properties.getAccepted();
		return new OperationResponses(accepted.getBasePath(), accepted.getRetryAfter());
	}

	@Bean
	@ConditionalOnMissingBean
	Operations processingOperations(OperationStore processingOperationStore,
			@Qualifier("processingOperationExecutor") AsyncTaskExecutor processingOperationExecutor,
			OperationResponses processingOperationResponses, ObjectProvider<OperationEvents> events,
			ProcessingProperties properties) {
		ProcessingProperties.Accepted accepted = properties.getAccepted();
		OperationEvents operationEvents = events.getIfUnique(() -> OperationEvents.NONE);
		Operations operations = new Operations(operationEvents.instrument(processingOperationStore),
				processingOperationExecutor, accepted.getInstanceId(), accepted.getLease().getDuration(),
				accepted.getRetention(), processingOperationResponses.fallbacks());
		operations.setEvents(operationEvents);
		return operations;
	}

	@Bean(defaultCandidate = false)
	@ConditionalOnMissingBean(name = "processingHousekeepingScheduler")
	ThreadPoolTaskScheduler processingHousekeepingScheduler(ObjectProvider<ThreadPoolTaskSchedulerBuilder> builder) {
		return oneThreadScheduler(builder, "processing-housekeeping-");
	}

	/**
	 * Build a scheduler of one daemon thread with Boot's builder, so that the application's customizers apply.
	 */
	static ThreadPoolTaskScheduler oneThreadScheduler(ObjectProvider<ThreadPoolTaskSchedulerBuilder> builder,
			String threadNamePrefix) {
		ThreadPoolTaskScheduler scheduler = builder.getIfAvailable(ThreadPoolTaskSchedulerBuilder::new)
			.poolSize(1)
			.threadNamePrefix(threadNamePrefix)
			.build();
		scheduler.setDaemon(true);
		return scheduler;
	}

	@Bean
	@ConditionalOnMissingBean
	OperationHousekeeping processingOperationHousekeeping(Operations processingOperations,
			@Qualifier("processingHousekeepingScheduler") TaskScheduler processingHousekeepingScheduler,
			ProcessingProperties properties, Environment environment) {
		ProcessingProperties.Accepted accepted = properties.getAccepted();
		ProcessingProperties.Accepted.Lease lease = accepted.getLease();
		if (lease.getRenewInterval().compareTo(lease.getDuration()) >= 0) {
			throw new InvalidConfigurationPropertyValueException("processing.accepted.lease.renew-interval",
					lease.getRenewInterval(), "It must be shorter than processing.accepted.lease.duration ("
							+ lease.getDuration() + "), or leases run out between two renewals.");
		}
		long retention = accepted.getRetention().toMillis();
		Duration sweepInterval = Duration.ofMillis(Math.max(1_000, Math.min(retention / 2, 60_000)));
		return new OperationHousekeeping(processingOperations, processingHousekeepingScheduler,
				lease.getRenewInterval(), sweepInterval, shutdownGrace(environment));
	}

	/**
	 * Return how long running operations may take to finish at shutdown: a little less than the time Spring waits for
	 * a shutdown phase, so that they fail before Spring gives up on the phase.
	 */
	private static Duration shutdownGrace(Environment environment) {
		Duration phase = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
		Duration margin = Duration.ofMillis(Math.min(2_000, phase.toMillis() / 10));
		return phase.minus(margin);
	}

	@Bean
	@ConditionalOnMissingBean
	OperationEndpoint processingOperationEndpoint(Operations processingOperations,
			OperationResponses processingOperationResponses) {
		return new OperationEndpoint(processingOperations, processingOperationResponses);
	}

	@Bean
	RouterFunctionMapping processingOperationMapping(OperationEndpoint processingOperationEndpoint) {
		// A mapping of its own, after the annotated controllers' (order 0): Spring MVC's own router function mapping
		// comes first (order -1), and would test every request against these routes.
		RouterFunctionMapping mapping = new RouterFunctionMapping(processingOperationEndpoint.routes());
		mapping.setOrder(1);
		return mapping;
	}

}
