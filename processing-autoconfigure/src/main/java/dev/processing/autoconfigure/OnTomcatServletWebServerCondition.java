package dev.processing.autoconfigure;

import dev.processing.tomcat.TomcatInternals;

import org.springframework.boot.autoconfigure.condition.AllNestedConditions;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches a Spring MVC application served by an embedded Tomcat whose internals interim responses can reach.
 */
class OnTomcatServletWebServerCondition extends AllNestedConditions {

	static final String TOMCAT_FACTORY = "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory";

	OnTomcatServletWebServerCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class ServletWebApplication {

	}

	@ConditionalOnClass(name = { "org.apache.catalina.startup.Tomcat", TOMCAT_FACTORY })
	@ConditionalOnBean(type = TOMCAT_FACTORY)
	static class TomcatWebServer {

	}

	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	static class SpringMvc {

	}

	@Conditional(TomcatInternalsCondition.class)
	static class TomcatInternalsAvailable {

	}

	static class TomcatInternalsCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ClassLoader classLoader = context.getClassLoader();
			if (!ClassUtils.isPresent("org.apache.coyote.http11.Http11Processor", classLoader)) {
				return ConditionOutcome.noMatch("Tomcat's coyote classes are not present");
			}
			return (TomcatInternals.get() != null) ? ConditionOutcome.match("Tomcat internals are available")
					: ConditionOutcome.noMatch("Tomcat internals are not available");
		}

	}

}
