package dev.processing.autoconfigure;

import java.time.Duration;

import dev.processing.LongRunning;
import dev.processing.ProcessingMode;
import dev.processing.web.LongRunningHandlers;
import dev.processing.web.LongRunningInterceptor;
import dev.processing.web.LongRunningSettings;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import static dev.processing.autoconfigure.ProcessingAutoConfigurationTests.lines;
import static dev.processing.autoconfigure.ProcessingPropertiesBindingTests.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the start-up validation of {@link LongRunning @LongRunning} handler methods by
 * {@link ProcessingAutoConfiguration}, and for the settings it resolves.
 */
@ExtendWith(OutputCaptureExtension.class)
class LongRunningStartupValidationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class, ProcessingAutoConfiguration.class));

	@Test
	void registersInterceptorWithSpringMvc() {
		this.contextRunner.withUserConfiguration(PlainController.class).run((context) -> {
			HandlerExecutionChain chain = context.getBean(RequestMappingHandlerMapping.class)
				.getHandler(new MockHttpServletRequest("GET", "/plain"));
			assertThat(chain).isNotNull();
			assertThat(chain.getInterceptorList()).containsOnlyOnce(context.getBean(LongRunningInterceptor.class));
		});
	}

	@Test
	void saysOnceAtStartupHowManyHandlersAreLongRunning(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(TypeLevelController.class, PlainController.class)
			.withPropertyValues("processing.interim.initial-delay=250ms")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(lines(output, "102 Processing interim responses are on for")).singleElement()
			.asString()
			.contains("INFO", "on for 2 @LongRunning handler method(s)", "250ms");
	}

	@Test
	void invalidIntervalFailsStartupNamingTheMethod() {
		this.contextRunner.withUserConfiguration(InvalidIntervalController.class)
			.run(failsWith(InvalidIntervalController.class.getName() + "#work()", "invalid interval 'nope'"));
	}

	@Test
	void nonPositiveInitialDelayFailsStartupNamingTheMethod() {
		this.contextRunner.withUserConfiguration(ZeroInitialDelayController.class)
			.run(failsWith(ZeroInitialDelayController.class.getName() + "#work()",
					"invalid initialDelay '0ms': it must be positive"));
	}

	@Test
	void unresolvablePlaceholderFailsStartupNamingTheMethod() {
		this.contextRunner.withUserConfiguration(UnresolvablePlaceholderController.class)
			.run(failsWith(UnresolvablePlaceholderController.class.getName() + "#work()", "missing.value"));
	}

	@Test
	void invalidTypeLevelAnnotationFailsStartupNamingTheController() {
		this.contextRunner.withUserConfiguration(InvalidTypeLevelController.class)
			.run(failsWith("@LongRunning on " + InvalidTypeLevelController.class.getName() + " has an invalid interval"));
	}

	@Test
	void resolvesPlaceholdersInAnnotation() {
		this.contextRunner.withUserConfiguration(PlaceholderController.class)
			.withPropertyValues("my.delay=250ms")
			.run((context) -> assertThat(settings(context, PlaceholderController.class, "work"))
				.isEqualTo(new LongRunningSettings(ProcessingMode.INTERIM, Duration.ofMillis(250),
						Duration.ofSeconds(2), true)));
	}

	@Test
	void typeLevelAnnotationAppliesToEveryHandlerMethod() {
		this.contextRunner.withUserConfiguration(TypeLevelController.class)
			.run((context) -> assertThat(settings(context, TypeLevelController.class, "inherits"))
				.isEqualTo(new LongRunningSettings(ProcessingMode.INTERIM, Duration.ofSeconds(1),
						Duration.ofSeconds(2), true)));
	}

	@Test
	void methodLevelAttributesWinAndTheTypeLevelAnnotationFillsTheRest() {
		this.contextRunner.withUserConfiguration(TypeLevelController.class)
			.withPropertyValues("processing.interim.interval=5s")
			.run((context) -> assertThat(settings(context, TypeLevelController.class, "overrides"))
				.isEqualTo(new LongRunningSettings(ProcessingMode.INTERIM, Duration.ofSeconds(3),
						Duration.ofSeconds(2), true)));
	}

	@Test
	void handlerWithoutAnnotationIsNotLongRunning() {
		this.contextRunner.withUserConfiguration(PlainController.class)
			.run((context) -> assertThat(settings(context, PlainController.class, "plain")).isNull());
	}

	@Test
	void acceptedModePropertyAppliesToHandlersThatCanRunDetached() {
		this.contextRunner.withUserConfiguration(TypeLevelController.class)
			.withPropertyValues("processing.mode=accepted")
			.run((context) -> assertThat(settings(context, TypeLevelController.class, "inherits"))
				.isEqualTo(new LongRunningSettings(ProcessingMode.ACCEPTED, Duration.ofSeconds(1),
						Duration.ofSeconds(2), true)));
	}

	@Test
	void acceptedModePropertyLeavesHandlersThatCannotRunDetachedInInterimModeAndSaysSo(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(StreamingController.class)
			.withPropertyValues("processing.mode=accepted")
			.run((context) -> assertThat(settings(context, StreamingController.class, "stream")).extracting(
					LongRunningSettings::mode, LongRunningSettings::detachable)
				.containsExactly(ProcessingMode.INTERIM, false));
		assertThat(lines(output, StreamingController.class.getName() + "#stream(HttpServletResponse)"))
			.singleElement()
			.asString()
			.contains("WARN", "keeps 102 Processing", "it takes a HttpServletResponse");
	}

	@Test
	void acceptedModeOnAnnotationOfAHandlerThatCannotRunDetachedFailsStartup() {
		this.contextRunner.withUserConfiguration(AcceptedStreamingController.class)
			.run(failsWith(AcceptedStreamingController.class.getName() + "#stream()",
					"asks for processing mode ACCEPTED, but the method cannot run detached from its request: "
							+ "it returns a StreamingResponseBody"));
	}

	@Test
	void acceptedModeOnAnnotationOfAViewHandlerFailsStartup() {
		this.contextRunner.withUserConfiguration(AcceptedViewController.class)
			.run(failsWith(AcceptedViewController.class.getName() + "#page()", "it renders a view"));
	}

	private static ContextConsumer<AssertableWebApplicationContext> failsWith(String... expected) {
		return (context) -> assertThat(messages(context.getStartupFailure()))
			.anySatisfy((message) -> assertThat(message).contains(expected));
	}

	private static LongRunningSettings settings(AssertableWebApplicationContext context, Class<?> controller,
			String methodName) {
		assertThat(context).hasNotFailed();
		HandlerMethod handlerMethod = context.getBean(RequestMappingHandlerMapping.class)
			.getHandlerMethods()
			.values()
			.stream()
			.filter((candidate) -> candidate.getBeanType() == controller
					&& candidate.getMethod().getName().equals(methodName))
			.findFirst()
			.orElseThrow();
		return context.getBean(LongRunningHandlers.class).find(handlerMethod);
	}

	@RestController
	static class PlainController {

		@GetMapping("/plain")
		String plain() {
			return "plain";
		}

	}

	@RestController
	static class InvalidIntervalController {

		@LongRunning(interval = "nope")
		@GetMapping("/work")
		String work() {
			return "done";
		}

	}

	@RestController
	static class ZeroInitialDelayController {

		@LongRunning(initialDelay = "0ms")
		@GetMapping("/work")
		String work() {
			return "done";
		}

	}

	@RestController
	static class UnresolvablePlaceholderController {

		@LongRunning(interval = "${missing.value}")
		@GetMapping("/work")
		String work() {
			return "done";
		}

	}

	@RestController
	@LongRunning(interval = "soon")
	static class InvalidTypeLevelController {

		@GetMapping("/work")
		String work() {
			return "done";
		}

	}

	@RestController
	static class PlaceholderController {

		@LongRunning(initialDelay = "${my.delay}", interval = "${my.interval:2s}")
		@GetMapping("/work")
		String work() {
			return "done";
		}

	}

	@RestController
	@LongRunning(initialDelay = "1s", interval = "2s")
	static class TypeLevelController {

		@GetMapping("/inherits")
		String inherits() {
			return "done";
		}

		@LongRunning(initialDelay = "3s")
		@GetMapping("/overrides")
		String overrides() {
			return "done";
		}

	}

	@RestController
	static class StreamingController {

		@LongRunning
		@GetMapping("/stream")
		void stream(HttpServletResponse response) {
		}

	}

	@RestController
	static class AcceptedStreamingController {

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/stream")
		StreamingResponseBody stream() {
			return (out) -> out.write(1);
		}

	}

	@Controller
	static class AcceptedViewController {

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/page")
		String page() {
			return "page";
		}

	}

}
