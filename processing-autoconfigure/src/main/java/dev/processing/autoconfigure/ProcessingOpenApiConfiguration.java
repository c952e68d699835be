package dev.processing.autoconfigure;

import dev.processing.Progress;
import dev.processing.openapi.LongRunningOperationCustomizer;
import dev.processing.openapi.OperationMonitorCustomizer;
import dev.processing.web.LongRunningHandlers;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of {@link dev.processing.LongRunning @LongRunning} operations and of the status monitor,
 * where springdoc-openapi is.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ OperationCustomizer.class, OpenApiCustomizer.class })
class ProcessingOpenApiConfiguration {

	static {
		// A Progress argument is resolved by the starter, not sent by the client; springdoc would take it for a
		// query parameter.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Progress.class);
	}

	@Bean
	@ConditionalOnMissingBean
	LongRunningOperationCustomizer processingLongRunningOperationCustomizer(LongRunningHandlers longRunningHandlers,
			ProcessingProperties properties) {
		return new LongRunningOperationCustomizer(longRunningHandlers, properties.getAccepted().isHonorPrefer());
	}

	@Bean
	@ConditionalOnMissingBean
	OperationMonitorCustomizer processingOperationMonitorCustomizer(ProcessingProperties properties) {
		return new OperationMonitorCustomizer(properties.getAccepted().getBasePath());
	}

}
