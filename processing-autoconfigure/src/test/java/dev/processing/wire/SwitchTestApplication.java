package dev.processing.wire;

import dev.processing.LongRunning;
import dev.processing.ProcessingMode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with a handler for each level at which the processing mode can be chosen: the property, the
 * controller type and the method.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ SwitchTestApplication.MethodLevelHandlers.class, SwitchTestApplication.AcceptedTypeHandlers.class,
		SwitchTestApplication.InterimTypeHandlers.class, RawResponseHandler.class, OpenSecurity.class })
class SwitchTestApplication {

	@RestController
	@RequestMapping("/switch")
	static class MethodLevelHandlers {

		@LongRunning
		@GetMapping("/following/{key}")
		String following(@PathVariable String key) {
			Holds.await(key);
			return "following " + key;
		}

		@LongRunning(mode = ProcessingMode.INTERIM)
		@GetMapping("/interim/{key}")
		String interim(@PathVariable String key) {
			Holds.await(key);
			return "interim " + key;
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/accepted/{key}")
		String accepted(@PathVariable String key) {
			Holds.await(key);
			return "accepted " + key;
		}

	}

	@LongRunning(mode = ProcessingMode.ACCEPTED)
	@RestController
	@RequestMapping("/accepted-type")
	static class AcceptedTypeHandlers {

		@GetMapping("/{key}")
		String inherited(@PathVariable String key) {
			Holds.await(key);
			return "accepted type " + key;
		}

		@LongRunning(initialDelay = "5ms")
		@GetMapping("/unmoded/{key}")
		String unmoded(@PathVariable String key) {
			Holds.await(key);
			return "unmoded " + key;
		}

		@LongRunning(mode = ProcessingMode.INTERIM)
		@GetMapping("/interim/{key}")
		String interim(@PathVariable String key) {
			Holds.await(key);
			return "interim in accepted type " + key;
		}

	}

	@LongRunning(mode = ProcessingMode.INTERIM)
	@RestController
	@RequestMapping("/interim-type")
	static class InterimTypeHandlers {

		@GetMapping("/{key}")
		String inherited(@PathVariable String key) {
			Holds.await(key);
			return "interim type " + key;
		}

	}

}
