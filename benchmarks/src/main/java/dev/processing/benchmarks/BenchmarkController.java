package dev.processing.benchmarks;

import java.util.Arrays;

import dev.processing.LongRunning;
import dev.processing.ProcessingMode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints under load: {@code /plain} pays only the starter's per-request lookup, {@code /held} holds its
 * request for a while and gets interim responses, and {@code /jobs} and {@code /jobs/big} submit {@code 202 Accepted}
 * operations to whichever store the application is started with.
 */
@RestController
class BenchmarkController {

	private static final byte[] MEGABYTE = new byte[1024 * 1024];

	static {
		Arrays.fill(MEGABYTE, (byte) 'x');
	}

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

	/**
	 * Work that is done at once, so that a load of submissions measures the store, not the work.
	 */
	@LongRunning(mode = ProcessingMode.ACCEPTED)
	@PostMapping("/jobs")
	String job() {
		return "done";
	}

	/**
	 * A result of one megabyte, to measure its replay.
	 */
	@LongRunning(mode = ProcessingMode.ACCEPTED)
	@GetMapping(path = "/jobs/big", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
	byte[] big() {
		return MEGABYTE;
	}

}
