package dev.processing.autoconfigure;

import dev.processing.micrometer.OperationObservations;
import dev.processing.micrometer.ProcessingMetrics;
import dev.processing.operation.Operations;
import dev.processing.tomcat.InterimResponseValve;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

/**
 * Micrometer: the meters of the interim engine and of the operations, bound to the application's registries, and an
 * observation around each detached run.
 */
final class ProcessingMetricsConfiguration {

	private ProcessingMetricsConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class Metrics {

		@Bean
		ProcessingMetrics processingMetrics(ObjectProvider<InterimResponseValve> valve,
				ObjectProvider<Operations> operations) {
			return new ProcessingMetrics(valve::getIfAvailable, operations::getIfAvailable);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class Observations {

		@Bean(defaultCandidate = false)
		TaskDecorator processingOperationObservations(ObservationRegistry observationRegistry) {
			return OperationObservations.decorator(observationRegistry);
		}

	}

}
