package dev.processing.autoconfigure;

import org.apache.catalina.startup.Tomcat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.http11.Http11Processor;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that keeps the clients of
 * {@link dev.processing.LongRunning @LongRunning} Spring MVC handlers on an embedded Tomcat informed: with
 * {@code 102 Processing} interim responses, or with {@code 202 Accepted} operations and their status monitor.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
		"org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "processing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProcessingProperties.class)
public final class ProcessingAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ProcessingAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, Http11Processor.class, TomcatServletWebServerFactory.class,
			DispatcherServlet.class })
	@Conditional(OnTomcatServletWebServerCondition.class)
	@Import({ InterimResponsesConfiguration.class, LongRunningMvcConfiguration.class,
			OperationStoreConfigurations.Jdbc.class, OperationStoreConfigurations.Redis.class,
			OperationStoreConfigurations.Fallback.class, ProcessingMetricsConfiguration.Metrics.class,
			ProcessingMetricsConfiguration.Observations.class, AcceptedOperationsConfiguration.class,
			ProcessingEndpointConfiguration.ProcessingEndpointAvailable.class,
			ProcessingEndpointConfiguration.StoreHealth.class, ProcessingOpenApiConfiguration.class })
	static class TomcatConfiguration {

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
