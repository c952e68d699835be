package dev.processing.compat;

import java.time.Duration;

import dev.processing.LongRunning;
import dev.processing.web.InterimAllowance;
import dev.processing.web.InterimPolicy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application the clients talk to: one long-running handler that works for {@code compat.work-duration} and answers
 * {@code done-<id>}.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class CompatApplication {

	/**
	 * With {@code compat.raw=true}, every request may get any number of interim responses: the clients' raw
	 * behaviour.
	 * @return the policy
	 */
	@Bean
	@ConditionalOnBooleanProperty("compat.raw")
	InterimPolicy rawInterimPolicy() {
		return (request, processingPreferred) -> InterimAllowance.UNLIMITED;
	}

	@RestController
	static class WorkController {

		private final long workMillis;

		WorkController(@Value("${compat.work-duration:1s}") Duration work) {
			this.workMillis = work.toMillis();
		}

		@LongRunning
		@GetMapping(path = "/work", produces = MediaType.TEXT_PLAIN_VALUE)
		String work(@RequestParam String id) throws InterruptedException {
			Thread.sleep(this.workMillis);
			return "done-" + id;
		}

	}

}
