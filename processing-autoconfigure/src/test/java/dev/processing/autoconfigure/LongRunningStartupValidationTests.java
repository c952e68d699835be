package dev.processing.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.processing.LongRunning;
import dev.processing.ProcessingMode;
import dev.processing.web.LongRunningHandlers;
import dev.processing.web.LongRunningInterceptor;
import dev.processing.web.LongRunningSettings;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
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
import org.springframework.core.io.Resource;
import org.springframework.http.HttpEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.ModelAndView;
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

	@Test
	void acceptedModeOnAnnotationOfAHandlerTakingAnUploadedFileFailsStartup() {
		this.contextRunner.withUserConfiguration(AcceptedUploadController.class)
			.run(failsWith(AcceptedUploadController.class.getName() + "#upload(MultipartFile)",
					"cannot run detached from its request: it takes a MultipartFile"));
	}

	@Test
	void acceptedModeOnAnnotationOfAHandlerTakingAListOfUploadedFilesFailsStartup() {
		this.contextRunner.withUserConfiguration(AcceptedUploadsController.class)
			.run(failsWith(AcceptedUploadsController.class.getName() + "#upload(List)",
					"cannot run detached from its request: it takes a MultipartFile"));
	}

	@Test
	void acceptedModeOnAnnotationOfAHandlerTakingAMapOfUploadedFilesFailsStartup() {
		this.contextRunner.withUserConfiguration(AcceptedUploadMapController.class)
			.run(failsWith(AcceptedUploadMapController.class.getName() + "#upload(MultiValueMap)",
					"cannot run detached from its request: it takes a MultipartFile"));
	}

	@Test
	void acceptedModeOnAnnotationOfAHandlerTakingAResourceEntityFailsStartup() {
		this.contextRunner.withUserConfiguration(AcceptedResourceEntityController.class)
			.run(failsWith(AcceptedResourceEntityController.class.getName() + "#upload(HttpEntity)",
					"cannot run detached from its request: it takes a Resource"));
	}

	@Test
	void acceptedModeOnAnnotationOfAHandlerTakingAnOptionalPartFailsStartup() {
		this.contextRunner.withUserConfiguration(AcceptedOptionalPartController.class)
			.run(failsWith(AcceptedOptionalPartController.class.getName() + "#upload(Optional)",
					"cannot run detached from its request: it takes a Part"));
	}

	@Test
	void acceptedModeOnAnnotationOfARestControllerMethodReturningAModelAndViewFailsStartup() {
		this.contextRunner.withUserConfiguration(AcceptedModelAndViewRestController.class)
			.run(failsWith(AcceptedModelAndViewRestController.class.getName() + "#page()",
					"cannot run detached from its request: it renders a view"));
	}

	@Test
	void acceptedModeOnAnnotationOfARestControllerMethodReturningAMapRunsDetached() {
		this.contextRunner.withUserConfiguration(AcceptedMapRestController.class)
			.run((context) -> assertThat(settings(context, AcceptedMapRestController.class, "summary"))
				.extracting(LongRunningSettings::mode, LongRunningSettings::detachable)
				.containsExactly(ProcessingMode.ACCEPTED, true));
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

	@RestController
	static class AcceptedUploadController {

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@PostMapping("/upload")
		String upload(@RequestParam MultipartFile file) {
			return file.getOriginalFilename();
		}

	}

	@RestController
	static class AcceptedUploadsController {

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@PostMapping("/uploads")
		int upload(@RequestParam List<MultipartFile> files) {
			return files.size();
		}

	}

	@RestController
	static class AcceptedUploadMapController {

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@PostMapping("/uploads")
		int upload(@RequestParam MultiValueMap<String, MultipartFile> files) {
			return files.size();
		}

	}

	@RestController
	static class AcceptedResourceEntityController {

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@PostMapping("/uploads")
		int upload(HttpEntity<Resource> body) {
			return 1;
		}

	}

	@RestController
	static class AcceptedOptionalPartController {

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@PostMapping("/part")
		String upload(@RequestPart Optional<Part> part) {
			return part.map(Part::getName).orElse("none");
		}

	}

	@RestController
	static class AcceptedModelAndViewRestController {

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/page")
		ModelAndView page() {
			return new ModelAndView("page");
		}

	}

	@RestController
	static class AcceptedMapRestController {

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/summary")
		Map<String, Object> summary() {
			return Map.of("rows", 42);
		}

	}

}
