package dev.processing.autoconfigure;

import dev.processing.openapi.LongRunningOperationCustomizer;
import dev.processing.openapi.OperationMonitorCustomizer;
import dev.processing.web.LongRunningHandlers;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the OpenAPI customizers: there with springdoc, gone without it, and replaced by the user's own.
 */
class ProcessingOpenApiAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				ProcessingAutoConfiguration.class));

	@Test
	void customizesTheDocumentWhereSpringdocIs() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(LongRunningOperationCustomizer.class)
			.hasSingleBean(OperationMonitorCustomizer.class));
	}

	@Test
	void backsOffWithoutSpringdoc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OperationCustomizer.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LongRunningOperationCustomizer.class)
				.doesNotHaveBean(OperationMonitorCustomizer.class));
	}

	@Test
	void userCustomizersWin() {
		this.contextRunner.withUserConfiguration(UserCustomizers.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(LongRunningOperationCustomizer.class)
				.isSameAs(context.getBean("userOperationCustomizer")));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCustomizers {

		@Bean
		LongRunningOperationCustomizer userOperationCustomizer(LongRunningHandlers handlers) {
			return new LongRunningOperationCustomizer(handlers, false);
		}

	}

}
