package dev.processing.wire;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races interim responses against final responses that commit at random moments, from inside the handler or after
 * it, and checks that every byte stream still parses.
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=1ms", "processing.interim.interval=1ms",
				"wire.long-delay=10s", "wire.short-delay=1ms",
				// Tomcat closes a connection after 100 requests by default; keep each one for the whole run.
				"server.tomcat.max-keep-alive-requests=-1" })
class InterimResponseRaceTests {

	private static final int[] BODY_SIZES = { 0, 100, 8_000, 9_000, 20_000, 100_000 };

	private static final int CONNECTIONS = 4;

	@LocalServerPort
	int port;

	@Test
	void interimResponsesNeverCorruptTheFinalResponseOrTheNextOne() throws Exception {
		int requests = Integer.getInteger("processing.race.requests", 2000);
		AtomicLong interims = new AtomicLong();
		AtomicLong withInterims = new AtomicLong();
		List<String> malformed = new ArrayList<>();
		ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int c = 0; c < CONNECTIONS; c++) {
				int share = requests / CONNECTIONS + ((c < requests % CONNECTIONS) ? 1 : 0);
				runs.add(clients.submit(() -> race(share, interims, withInterims, malformed)));
			}
			for (Future<?> run : runs) {
				run.get();
			}
		}
		finally {
			clients.shutdownNow();
		}
		System.out.printf("race on Java %s: %d requests, %d with interim responses, %d interim responses, "
				+ "%d malformed%n", Runtime.version(), requests, withInterims.get(), interims.get(), malformed.size());
		assertThat(malformed).isEmpty();
		// The race must really have been run: ticks landed before some final responses.
		assertThat(withInterims.get()).isPositive();
	}

	private void race(int count, AtomicLong interims, AtomicLong withInterims, List<String> malformed) {
		RawHttpConnection connection = null;
		try {
			for (int i = 0; i < count; i++) {
				if (connection == null) {
					connection = new RawHttpConnection(this.port);
				}
				int size = BODY_SIZES[ThreadLocalRandom.current().nextInt(BODY_SIZES.length)];
				try {
					Exchange raced = connection.send(RawHttpConnection.get("/race?size=" + size)).readResponse();
					Exchange next = connection.send(RawHttpConnection.get("/text")).readResponse();
					String problem = problem(raced, next, size);
					if (problem != null) {
						record(malformed, problem);
					}
					interims.addAndGet(raced.interims().size());
					if (!raced.interims().isEmpty()) {
						withInterims.incrementAndGet();
					}
				}
				catch (IOException ex) {
					record(malformed, ex.toString());
					connection.close();
					connection = null;
				}
			}
		}
		catch (IOException ex) {
			record(malformed, ex.toString());
		}
		finally {
			if (connection != null) {
				try {
					connection.close();
				}
				catch (IOException ex) {
					// closing a test socket
				}
			}
		}
	}

	private static String problem(Exchange raced, Exchange next, int size) {
		if (raced.status() != 200 || !Arrays.equals(raced.body(),
				Arrays.copyOf(WireTestApplication.largeBody(), size))) {
			return "raced response: " + raced.head() + " with " + raced.body().length + " bytes";
		}
		if (!raced.interims().stream().allMatch((head) -> head.statusLine().equals("HTTP/1.1 102 Processing"))) {
			return "interim responses " + raced.interims();
		}
		if (!next.interims().isEmpty() || next.status() != 200 || !next.bodyText().equals("abcdefghij")) {
			return "next response: " + next.head() + " " + next.interims();
		}
		return null;
	}

	private static void record(List<String> malformed, String problem) {
		synchronized (malformed) {
			malformed.add(problem);
		}
	}

}
