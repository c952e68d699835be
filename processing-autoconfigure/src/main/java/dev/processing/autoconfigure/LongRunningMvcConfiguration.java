package dev.processing.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import dev.processing.accepted.OperationResponses;
import dev.processing.operation.OperationStore;
import dev.processing.operation.Operations;
import dev.processing.operation.support.StoreTypes;
import dev.processing.web.InterimPolicy;
import dev.processing.web.InterimResponses;
import dev.processing.web.LongRunningHandlerAdapter;
import dev.processing.web.LongRunningHandlers;
import dev.processing.web.LongRunningInterceptor;
import dev.processing.web.LongRunningSettings;
import dev.processing.web.ProgressArgumentResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * The Spring MVC glue: which handlers are {@link dev.processing.LongRunning @LongRunning}, the interceptor that
 * starts their interim responses, and the handler adapter that detaches them as operations.
 */
@Configuration(proxyBeanMethods = false)
class LongRunningMvcConfiguration {

	private static final Log logger = LogFactory.getLog(ProcessingAutoConfiguration.class);

	// Class literals load these classes without initializing them, which needs neither JDBC nor Redis.
	@Bean
	@ConditionalOnMissingBean
	LongRunningHandlers longRunningHandlers(ProcessingProperties properties, Environment environment) {
		ProcessingProperties.Interim interim = properties.getInterim();
		LongRunningSettings defaults = new LongRunningSettings(properties.getMode(), interim.getInitialDelay(),
				interim.getInterval(), true);
		return new LongRunningHandlers(defaults, environment::resolveRequiredPlaceholders);
	}

	@Bean
	@ConditionalOnMissingBean
	LongRunningInterceptor longRunningInterceptor(LongRunningHandlers longRunningHandlers,
			InterimResponses processingInterimResponses, InterimPolicy processingInterimPolicy,
			ProcessingProperties properties) {
		ProcessingProperties.Accepted accepted = properties.getAccepted();
		return new LongRunningInterceptor(longRunningHandlers, processingInterimResponses, processingInterimPolicy,
				accepted.isHonorPrefer(), accepted.getMaxWait(), properties.getInterim().isProgressHeaders());
	}

	@Bean
	WebMvcConfigurer processingWebMvcConfigurer(LongRunningInterceptor longRunningInterceptor) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				// First, so that interim responses also cover the time other interceptors take.
				registry.addInterceptor(longRunningInterceptor).order(Ordered.HIGHEST_PRECEDENCE);
			}

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new ProgressArgumentResolver());
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean
	LongRunningHandlerAdapter processingLongRunningHandlerAdapter(LongRunningHandlers longRunningHandlers,
			@Qualifier("requestMappingHandlerAdapter")
			ObjectProvider<RequestMappingHandlerAdapter> requestMappingHandlerAdapter,
			ObjectProvider<HandlerExceptionResolver> handlerExceptionResolvers, Operations processingOperations,
			OperationResponses processingOperationResponses, ProcessingProperties properties) {
		return new LongRunningHandlerAdapter(longRunningHandlers, requestMappingHandlerAdapter,
				handlerExceptionResolvers, processingOperations, processingOperationResponses,
				properties.getAccepted().getMaxResultSize().toBytes());
	}

	@Bean
	static SmartInitializingSingleton processingLongRunningValidation(
			ObjectProvider<LongRunningHandlers> longRunningHandlers,
			ObjectProvider<RequestMappingInfoHandlerMapping> handlerMappings,
			ObjectProvider<ProcessingProperties> properties, ObjectProvider<OperationStore> operationStore) {
		return () -> {
			int count = handlerMappings.orderedStream()
				.mapToInt((mapping) -> longRunningHandlers.getObject().validate(mapping.getHandlerMethods().values()))
				.sum();
			ProcessingProperties processing = properties.getObject();
			ProcessingProperties.Interim interim = processing.getInterim();
			logger.info("102 Processing interim responses are on for " + count + " @LongRunning handler method(s)"
					+ " (by default after " + print(interim.getInitialDelay()) + ", then every "
					+ print(interim.getInterval()) + ", " + clients(interim) + "); processing.mode is "
					+ processing.getMode().name().toLowerCase(Locale.ROOT)
					+ ", and 202 Accepted operations are monitored under " + processing.getAccepted().getBasePath()
					+ " and kept in " + store(operationStore.getIfUnique()));
		};
	}

	private static String clients(ProcessingProperties.Interim interim) {
		String who = interim.isStrict() ? "only to requests with 'Prefer: processing' (strict)"
				: "to clients not known to mishandle them";
		return (interim.getMaxCount() != null) ? who + ", at most " + interim.getMaxCount() + " per request" : who;
	}

	private static String store(@Nullable OperationStore operationStore) {
		String type = (operationStore != null) ? StoreTypes.of(operationStore) : null;
		return (type != null) ? "the " + type + " store" : "a store of the application's own";
	}

	private static String print(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? DurationStyle.SIMPLE.print(duration, ChronoUnit.SECONDS)
				: DurationStyle.SIMPLE.print(duration);
	}

}
