package dev.processing.benchmarks;

import dev.processing.LongRunning;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints under load: {@code /plain} pays only the starter's per-request lookup, {@code /held} holds its
 * request for a while and gets interim responses.
 */
@RestController
class BenchmarkController {

	@GetMapping("/plain")
	String plain() {
		return "plain";
	}

	/**
	 * Hold the request for {@code ms} milliseconds; the body names the hold so that a client can check it.
	 */
	@LongRunning
	@GetMapping("/held")
	String held(@RequestParam long ms) throws InterruptedException {
		Thread.sleep(ms);
		return "held " + ms;
	}

}
