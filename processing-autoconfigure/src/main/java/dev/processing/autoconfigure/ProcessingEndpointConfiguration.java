package dev.processing.autoconfigure;

import dev.processing.actuate.ProcessingEndpoint;
import dev.processing.operation.Operations;
import dev.processing.tomcat.InterimResponseValve;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code processing} Actuator endpoint, where Actuator is and the endpoint is enabled and exposed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
class ProcessingEndpointConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ProcessingEndpoint processingEndpoint(Operations processingOperations,
			ObjectProvider<InterimResponseValve> valve) {
		return new ProcessingEndpoint(processingOperations, valve.getIfAvailable());
	}

}
