package dev.processing.autoconfigure;

import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Conditional;

/**
 * Matches where {@link OnTomcatServletWebServerCondition} does not.
 */
class NotOnTomcatServletWebServerCondition extends NoneNestedConditions {

	NotOnTomcatServletWebServerCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@Conditional(OnTomcatServletWebServerCondition.class)
	static class OnTomcatServletWebServer {

	}

}
