package dev.processing.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import dev.processing.tomcat.InterimResponseValve;
import dev.processing.tomcat.TomcatInternals;
import dev.processing.web.InterimResponses;
import dev.processing.web.LongRunningHandlers;
import dev.processing.web.LongRunningInterceptor;
import dev.processing.web.LongRunningSettings;
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
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that sends
 * {@code 102 Processing} interim responses for {@link dev.processing.LongRunning @LongRunning} Spring MVC handlers on
 * an embedded Tomcat.
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
		@ConditionalOnMissingBean
		InterimResponses processingInterimResponses(InterimResponseValve processingInterimResponseValve) {
			return processingInterimResponseValve::start;
		}

		@Bean
		@ConditionalOnMissingBean
		LongRunningHandlers longRunningHandlers(ProcessingProperties properties, Environment environment) {
			ProcessingProperties.Interim interim = properties.getInterim();
			LongRunningSettings defaults = new LongRunningSettings(properties.getMode(), interim.getInitialDelay(),
					interim.getInterval());
			return new LongRunningHandlers(defaults, environment::resolveRequiredPlaceholders);
		}

		@Bean
		@ConditionalOnMissingBean
		LongRunningInterceptor longRunningInterceptor(LongRunningHandlers longRunningHandlers,
				InterimResponses processingInterimResponses) {
			return new LongRunningInterceptor(longRunningHandlers, processingInterimResponses);
		}

		@Bean
		WebMvcConfigurer processingWebMvcConfigurer(LongRunningInterceptor longRunningInterceptor) {
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					// First, so that interim responses also cover the time other interceptors take.
					registry.addInterceptor(longRunningInterceptor).order(Ordered.HIGHEST_PRECEDENCE);
				}

			};
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
				ProcessingProperties.Interim interim = properties.getObject().getInterim();
				logger.info("102 Processing interim responses are on for " + count + " @LongRunning handler method(s)"
						+ " (by default after " + print(interim.getInitialDelay()) + ", then every "
						+ print(interim.getInterval()) + ")");
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
