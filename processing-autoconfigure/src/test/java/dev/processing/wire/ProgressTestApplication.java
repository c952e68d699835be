package dev.processing.wire;

import dev.processing.LongRunning;
import dev.processing.Progress;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application whose long-running handlers report progress with messages that need making safe as header field
 * values, and hold until the test lets them go.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ OpenSecurity.class, ProgressTestApplication.ProgressHandlers.class })
class ProgressTestApplication {

	static final String LONG_MESSAGE = "Step 3: " + "x".repeat(300);

	@LongRunning
	@RestController
	@RequestMapping("/progress")
	static class ProgressHandlers {

		@GetMapping("/long/{key}")
		String longMessage(@PathVariable String key, Progress progress) {
			progress.update(60, LONG_MESSAGE);
			Holds.await(key);
			return "long " + key;
		}

		@GetMapping("/controls/{key}")
		String controls(@PathVariable String key, Progress progress) {
			progress.update(70, "  rows:\t12\u007f  ");
			Holds.await(key);
			return "controls " + key;
		}

		@GetMapping("/blank/{key}")
		String blank(@PathVariable String key, Progress progress) {
			progress.update(80, "   ");
			Holds.await(key);
			return "blank " + key;
		}

		@GetMapping("/bare/{key}")
		String bare(@PathVariable String key, Progress progress) {
			progress.update(90);
			Holds.await(key);
			return "bare " + key;
		}

		@GetMapping("/steps/{key}")
		String steps(@PathVariable String key, Progress progress) {
			progress.update(10, "first");
			Holds.await(key + "-first");
			progress.update(20, "second");
			Holds.await(key);
			return "steps " + key;
		}

	}

}
