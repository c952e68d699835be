package dev.processing.autoconfigure;

import dev.processing.tomcat.InterimResponseValve;
import dev.processing.tomcat.TomcatInternals;
import dev.processing.web.ClientInterimPolicy;
import dev.processing.web.InterimPolicy;
import dev.processing.web.InterimResponses;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The interim engine: the Tomcat valve that sends {@code 102 Processing} responses, its ticker, and the policy of
 * which clients get them.
 */
@Configuration(proxyBeanMethods = false)
class InterimResponsesConfiguration {

	@Bean(defaultCandidate = false)
	@Qualifier("processing")
	@ConditionalOnMissingBean(InterimResponseValve.class)
	ThreadPoolTaskScheduler processingTaskScheduler(ObjectProvider<ThreadPoolTaskSchedulerBuilder> builder) {
		ThreadPoolTaskScheduler scheduler = AcceptedOperationsConfiguration.oneThreadScheduler(builder,
				"processing-tick-");
		scheduler.setRemoveOnCancelPolicy(true);
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

}
