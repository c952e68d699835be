package dev.processing.web;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;

import dev.processing.LongRunning;
import dev.processing.ProcessingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link LongRunningHandlers}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LongRunningHandlersTests {

	private final LongRunningHandlers handlers = new LongRunningHandlers(
			new LongRunningSettings(ProcessingMode.INTERIM, Duration.ofSeconds(15), Duration.ofSeconds(15), true),
			(value) -> value);

	@Test
	void invalidAnnotationFailsValidationNamingTheMethodWithItsParameters() throws Exception {
		HandlerMethod handler = new HandlerMethod(new InvalidController(), "work", String.class, int.class);
		assertThatIllegalStateException().isThrownBy(() -> this.handlers.validate(List.of(handler)))
			.withMessageContaining(InvalidController.class.getName() + "#work(String, int)")
			.withMessageContaining("invalid interval 'soon'");
	}

	@Test
	void invalidAnnotationFoundOnlyByARequestIsSaidOnceAndIgnored(CapturedOutput output) throws Exception {
		HandlerMethod handler = new HandlerMethod(new InvalidController(), "work", String.class, int.class);
		HandlerMethod plain = new HandlerMethod(new InvalidController(), "plain");
		assertThat(this.handlers.find(handler)).isNull();
		assertThat(this.handlers.find(handler)).isNull();
		assertThat(this.handlers.find(plain)).isNull();
		assertThat(output.getAll().lines().filter((line) -> line.contains("invalid interval 'soon'")))
			.singleElement()
			.asString()
			.contains("WARN", "handled as if it were not long-running");
	}

	@Test
	void handlerWithoutAnnotationIsNotLongRunning() throws Exception {
		HandlerMethod handler = new HandlerMethod(new PlainController(), "plain");
		assertThat(this.handlers.find(handler)).isNull();
		assertThat(this.handlers.validate(List.of(handler))).isZero();
	}

	@Test
	void inheritedMethodIsLongRunningOnlyInTheAnnotatedControllerWhenThatIsLookedUpFirst() throws Exception {
		Method inherited = BaseController.class.getMethod("work");
		HandlerMethod annotated = new HandlerMethod(new AcceptedController(), inherited);
		HandlerMethod plain = new HandlerMethod(new PlainSubController(), inherited);
		assertThat(this.handlers.find(annotated)).isEqualTo(acceptedDefaults());
		assertThat(this.handlers.find(plain)).isNull();
		assertThat(this.handlers.find(annotated)).isEqualTo(acceptedDefaults());
	}

	@Test
	void inheritedMethodIsLongRunningOnlyInTheAnnotatedControllerWhenTheOtherIsLookedUpFirst() throws Exception {
		Method inherited = BaseController.class.getMethod("work");
		HandlerMethod annotated = new HandlerMethod(new AcceptedController(), inherited);
		HandlerMethod plain = new HandlerMethod(new PlainSubController(), inherited);
		assertThat(this.handlers.find(plain)).isNull();
		assertThat(this.handlers.find(annotated)).isEqualTo(acceptedDefaults());
		assertThat(this.handlers.find(plain)).isNull();
	}

	@Test
	void inheritedMethodIsValidatedPerController() throws Exception {
		Method inherited = BaseController.class.getMethod("work");
		HandlerMethod annotated = new HandlerMethod(new AcceptedController(), inherited);
		HandlerMethod plain = new HandlerMethod(new PlainSubController(), inherited);
		assertThat(this.handlers.validate(List.of(plain, annotated))).isOne();
		assertThat(this.handlers.find(annotated)).isEqualTo(acceptedDefaults());
		assertThat(this.handlers.find(plain)).isNull();
	}

	private static LongRunningSettings acceptedDefaults() {
		return new LongRunningSettings(ProcessingMode.ACCEPTED, Duration.ofSeconds(15), Duration.ofSeconds(15), true);
	}

	static class InvalidController {

		@LongRunning(interval = "soon")
		public String work(String name, int count) {
			return name + count;
		}

		public String plain() {
			return "plain";
		}

	}

	static class PlainController {

		public String plain() {
			return "plain";
		}

	}

	abstract static class BaseController {

		@GetMapping("/work")
		public String work() {
			return "done";
		}

	}

	@RestController
	@LongRunning(mode = ProcessingMode.ACCEPTED)
	static class AcceptedController extends BaseController {

	}

	@RestController
	static class PlainSubController extends BaseController {

	}

}
