package dev.processing.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import dev.processing.operation.InMemoryOperationStore;
import dev.processing.operation.OperationHousekeeping;
import dev.processing.accepted.OperationEndpoint;
import dev.processing.accepted.OperationResponses;
import dev.processing.operation.OperationStore;
import dev.processing.operation.OperationTaskDecorators;
import dev.processing.operation.Operations;
import dev.processing.tomcat.InterimResponseValve;
import dev.processing.tomcat.TomcatInternals;
import dev.processing.web.ClientInterimPolicy;
import dev.processing.web.InterimPolicy;
import dev.processing.web.InterimResponses;
import dev.processing.web.LongRunningHandlerAdapter;
import dev.processing.web.LongRunningHandlers;
import dev.processing.web.LongRunningInterceptor;
import dev.processing.web.LongRunningSettings;
import dev.processing.web.ProgressArgumentResolver;
import org.apache.catalina.startup.Tomcat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.http11.Http11Processor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that keeps the clients of
 * {@link dev.processing.LongRunning @LongRunning} Spring MVC handlers on an embedded Tomcat informed: with
 * {@code 102 Processing} interim responses, or with {@code 202 Accepted} operations and their status monitor.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration")
@ConditionalOnBooleanProperty(name = "processing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProcessingProperties.class)
public final class ProcessingAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ProcessingAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, Http11Processor.class, TomcatServletWebServerFactory.class,
			DispatcherServlet.class })
	@Conditional(OnTomcatServletWebServerCondition.class)
	static class TomcatInterimResponsesConfiguration {

		@Bean(defaultCandidate = false)
		@Qualifier("processing")
		@ConditionalOnMissingBean(InterimResponseValve.class)
		ThreadPoolTaskScheduler processingTaskScheduler() {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setPoolSize(1);
			scheduler.setThreadNamePrefix("processing-tick-");
			scheduler.setRemoveOnCancelPolicy(true);
			scheduler.setDaemon(true);
			// Keep ticking while a graceful shutdown lets the requests in progress finish.
			scheduler.setAcceptTasksAfterContextClose(true);
			return scheduler;
		}

		@Bean
		@ConditionalOnMissingBean
		InterimResponseValve processingInterimResponseValve(
				@Qualifier("processing") ThreadPoolTaskScheduler processingTaskScheduler) {
			TomcatInternals internals = TomcatInternals.get();
			if (internals == null) {
				throw new IllegalStateException("Tomcat internals are not available");
			}
			return new InterimResponseValve(internals, processingTaskScheduler);
		}

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> processingInterimResponseValveCustomizer(
				InterimResponseValve processingInterimResponseValve) {
			return (factory) -> factory.addContextValves(processingInterimResponseValve);
		}

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> processingProxiedRequestValveCustomizer(
				ProcessingProperties properties) {
			return new ProxiedRequestValveCustomizer(properties.getInterim().getProxy().getHeaders());
		}

		@Bean
		@ConditionalOnMissingBean
		InterimResponses processingInterimResponses(InterimResponseValve processingInterimResponseValve) {
			return processingInterimResponseValve::start;
		}

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
			return new LongRunningInterceptor(longRunningHandlers, processingInterimResponses,
					processingInterimPolicy, accepted.isHonorPrefer(), accepted.getMaxWait(),
					properties.getInterim().isProgressHeaders());
		}

		@Bean
		@ConditionalOnMissingBean
		InterimPolicy processingInterimPolicy(ProcessingProperties properties) {
			ProcessingProperties.Interim interim = properties.getInterim();
			Integer maxCount = interim.getMaxCount();
			ProcessingProperties.Interim.Proxy proxy = interim.getProxy();
			int proxyMaxCount = !proxy.isForwardsInterim() ? 0
					: (proxy.getMaxCount() != null) ? proxy.getMaxCount() : Integer.MAX_VALUE;
			return new ClientInterimPolicy(interim.getClients(), (maxCount != null) ? maxCount : Integer.MAX_VALUE,
					interim.isStrict())
				.withoutUserAgent(interim.getWithoutUserAgent())
				.behindProxies(proxy.getHeaders(), proxyMaxCount);
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

		@Bean(defaultCandidate = false)
		@Qualifier("processing")
		@ConditionalOnMissingBean(name = "processingOperationExecutor")
		ThreadPoolTaskExecutor processingOperationExecutor(ProcessingProperties properties) {
			ProcessingProperties.Accepted accepted = properties.getAccepted();
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(accepted.getMaxConcurrent());
			executor.setMaxPoolSize(accepted.getMaxConcurrent());
			executor.setQueueCapacity(accepted.getQueueCapacity());
			executor.setAllowCoreThreadTimeOut(true);
			executor.setThreadNamePrefix("processing-operation-");
			executor.setTaskDecorator(OperationTaskDecorators.available());
			return executor;
		}

		@Bean
		@ConditionalOnMissingBean
		OperationStore processingOperationStore(ProcessingProperties properties) {
			return new InMemoryOperationStore(properties.getAccepted().getMaxOperations());
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
				OperationResponses processingOperationResponses, ProcessingProperties properties) {
			ProcessingProperties.Accepted accepted = properties.getAccepted();
			return new Operations(processingOperationStore, processingOperationExecutor, accepted.getInstanceId(),
					accepted.getLease().getDuration(), accepted.getRetention(), processingOperationResponses.fallbacks());
		}

		@Bean(defaultCandidate = false)
		@ConditionalOnMissingBean(name = "processingHousekeepingScheduler")
		ThreadPoolTaskScheduler processingHousekeepingScheduler() {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setPoolSize(1);
			scheduler.setThreadNamePrefix("processing-housekeeping-");
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
		 * Return how long running operations may take to finish at shutdown: a little less than the time Spring waits
		 * for a shutdown phase, so that they fail before Spring gives up on the phase.
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
			// A mapping of its own, after the annotated controllers' (order 0): Spring MVC's own router function
			// mapping comes first (order -1), and would test every request against these routes.
			RouterFunctionMapping mapping = new RouterFunctionMapping(processingOperationEndpoint.routes());
			mapping.setOrder(1);
			return mapping;
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
				ObjectProvider<ProcessingProperties> properties) {
			return () -> {
				int count = handlerMappings.orderedStream()
					.mapToInt((mapping) -> longRunningHandlers.getObject()
						.validate(mapping.getHandlerMethods().values()))
					.sum();
				ProcessingProperties processing = properties.getObject();
				ProcessingProperties.Interim interim = processing.getInterim();
				logger.info("102 Processing interim responses are on for " + count + " @LongRunning handler method(s)"
						+ " (by default after " + print(interim.getInitialDelay()) + ", then every "
						+ print(interim.getInterval()) + "); processing.mode is "
						+ processing.getMode().name().toLowerCase(Locale.ROOT)
						+ ", and 202 Accepted operations are monitored under "
						+ processing.getAccepted().getBasePath());
			};
		}

	}

	private static String print(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? DurationStyle.SIMPLE.print(duration, ChronoUnit.SECONDS)
				: DurationStyle.SIMPLE.print(duration);
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(NotOnTomcatServletWebServerCondition.class)
	static class InertConfiguration {

		// A SmartInitializingSingleton is never lazy, so the line is logged under lazy initialization too.
		@Bean
		static SmartInitializingSingleton processingInertNotice() {
			return () -> logger.info("@LongRunning handlers get no 102 Processing responses: the application does not "
					+ "run Spring MVC on an embedded Tomcat servlet web server, or this Tomcat lacks what interim "
					+ "responses need");
		}

	}

}
