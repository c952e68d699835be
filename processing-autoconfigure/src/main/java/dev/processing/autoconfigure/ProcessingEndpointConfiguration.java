package dev.processing.autoconfigure;

import dev.processing.actuate.OperationStoreHealthIndicator;
import dev.processing.actuate.ProcessingEndpoint;
import dev.processing.operation.OperationStore;
import dev.processing.operation.Operations;
import dev.processing.operation.support.StoreTypes;
import dev.processing.tomcat.InterimResponseValve;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator: the {@code processing} endpoint, where it is enabled and exposed, and the health of a store outside the
 * application.
 */
final class ProcessingEndpointConfiguration {

	private ProcessingEndpointConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	static class ProcessingEndpointAvailable {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		ProcessingEndpoint processingEndpoint(Operations processingOperations,
				ObjectProvider<InterimResponseValve> valve) {
			return new ProcessingEndpoint(processingOperations, valve.getIfAvailable());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("processing-store")
	@ConditionalOnExpression("'${processing.accepted.store.type:memory}'.toLowerCase() != 'memory'")
	static class StoreHealth {

		@Bean
		OperationStoreHealthIndicator processingStoreHealthIndicator(OperationStore processingOperationStore) {
			String type = StoreTypes.of(processingOperationStore);
			return new OperationStoreHealthIndicator(processingOperationStore, (type != null) ? type : "custom");
		}

	}

}
