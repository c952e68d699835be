package dev.processing.wire;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.processing.tomcat.InterimResponseValve;
import dev.processing.wire.RawHttpConnection.Exchange;
import dev.processing.wire.RawHttpConnection.Head;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * A handler's progress on the wire: the next {@code 102 Processing} carries it as {@code Progress} and
 * {@code Progress-Message} header fields, whose value is made safe so that a message can never add a field of its
 * own.
 */
class ProgressWireTests {

	private static final String FLEX_MESSAGE = "Z?hlen der Zeilen??X-Injected: 1";

	@Nested
	@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
					"processing.accepted.retry-after=2s" })
	class ReportedOnAnInterimHandler {

		@LocalServerPort
		int port;

		@Test
		void interimResponsesCarryTheProgressWithTheMessageMadeAsciiSafeAndOnOneLine() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.get("/flex/" + hold.key()));
				List<Head> untilReported = readInterimsUntil(connection, (interim) -> !interim.headers().isEmpty());
				Head reported = untilReported.get(untilReported.size() - 1);
				Head next = connection.readInterim();
				hold.release();
				Exchange exchange = connection.readResponse();
				assertThat(reported.statusLine()).isEqualTo("HTTP/1.1 102 Processing");
				assertThat(reported.headers()).containsExactly(entry("progress", "25%"),
						entry("progress-message", FLEX_MESSAGE));
				assertThat(next.headers()).containsExactly(entry("progress", "25%"),
						entry("progress-message", FLEX_MESSAGE));
				assertThat(untilReported)
					.allSatisfy((interim) -> assertThat(interim.headers()).doesNotContainKey("x-injected"));
				assertThat(exchange.interims()).allSatisfy((interim) -> assertThat(interim.headers())
					.isEqualTo(Map.of("progress", "25%", "progress-message", FLEX_MESSAGE)));
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("flex " + hold.key());
				assertThat(exchange.header("Progress")).isNull();
				assertThat(exchange.header("Progress-Message")).isNull();
				assertThat(exchange.header("X-Injected")).isNull();
			}
		}

		@Test
		void progressOfADetachedHandlerReachesTheInterimResponsesWhileTheClientWaits() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection
					.send(RawHttpConnection.request("GET", "/flex/" + hold.key(), "Prefer: respond-async, wait=5"));
				List<Head> untilReported = readInterimsUntil(connection, (interim) -> !interim.headers().isEmpty());
				hold.release();
				Exchange exchange = connection.readResponse();
				assertThat(untilReported.get(untilReported.size() - 1).headers()).containsExactly(
						entry("progress", "25%"), entry("progress-message", FLEX_MESSAGE));
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("flex " + hold.key());
			}
		}

	}

	@Nested
	@SpringBootTest(classes = ProgressTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms" })
	class MadeSafe {

		@LocalServerPort
		int port;

		@Test
		void longMessageIsCutTo128Characters() throws IOException {
			Head reported = reported("/progress/long/", "long ");
			assertThat(reported.headers()).containsExactly(entry("progress", "60%"),
					entry("progress-message", ProgressTestApplication.LONG_MESSAGE.substring(0, 128)));
		}

		@Test
		void controlCharactersBecomeQuestionMarksAndSurroundingSpacesGo() throws IOException {
			Head reported = reported("/progress/controls/", "controls ");
			assertThat(reported.headers()).containsExactly(entry("progress", "70%"),
					entry("progress-message", "rows:?12?"));
		}

		@Test
		void blankMessageSendsTheProgressAlone() throws IOException {
			Head reported = reported("/progress/blank/", "blank ");
			assertThat(reported.headers()).containsExactly(entry("progress", "80%"));
		}

		@Test
		void progressWithoutMessageSendsTheProgressAlone() throws IOException {
			Head reported = reported("/progress/bare/", "bare ");
			assertThat(reported.headers()).containsExactly(entry("progress", "90%"));
		}

		@Test
		void laterInterimResponsesCarryTheLatestReport() throws IOException {
			try (Hold hold = Hold.open(); Hold firstStep = Hold.on(hold.key() + "-first");
					RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.get("/progress/steps/" + hold.key()));
				readInterimsUntil(connection, (interim) -> "10%".equals(interim.headers().get("progress")));
				firstStep.release();
				List<Head> afterFirst = readInterimsUntil(connection,
						(interim) -> "20%".equals(interim.headers().get("progress")));
				hold.release();
				Exchange exchange = connection.readResponse();
				Map<String, String> first = Map.of("progress", "10%", "progress-message", "first");
				Map<String, String> second = Map.of("progress", "20%", "progress-message", "second");
				assertThat(afterFirst).allSatisfy((interim) -> assertThat(interim.headers()).isIn(first, second));
				assertThat(afterFirst.get(afterFirst.size() - 1).headers()).isEqualTo(second);
				assertThat(exchange.interims())
					.allSatisfy((interim) -> assertThat(interim.headers()).isEqualTo(second));
				assertThat(exchange.bodyText()).isEqualTo("steps " + hold.key());
			}
		}

		/**
		 * Request the path plus a fresh key, return the first interim response with header fields, and check that the
		 * handler still answers as usual.
		 */
		private Head reported(String path, String bodyPrefix) throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.get(path + hold.key()));
				List<Head> untilReported = readInterimsUntil(connection, (interim) -> !interim.headers().isEmpty());
				hold.release();
				Exchange exchange = connection.readResponse();
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo(bodyPrefix + hold.key());
				Head reported = untilReported.get(untilReported.size() - 1);
				assertThat(reported.statusLine()).isEqualTo("HTTP/1.1 102 Processing");
				assertThat(exchange.interims()).allSatisfy(
						(interim) -> assertThat(interim.headers()).isEqualTo(reported.headers()));
				return reported;
			}
		}

	}

	@Nested
	@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
					"processing.interim.progress-headers=false" })
	class WithoutProgressHeaders {

		@LocalServerPort
		int port;

		@Autowired
		InterimResponseValve valve;

		@Test
		void interimResponsesCarryNoFieldsAfterTheHandlerReported() throws IOException {
			assertPlainInterimResponses(RawHttpConnection.get("/flex/%s"));
		}

		@Test
		void interimResponsesCarryNoFieldsWhileTheClientWaitsForADetachedHandler() throws IOException {
			assertPlainInterimResponses(RawHttpConnection.request("GET", "/flex/%s", "Prefer: respond-async, wait=5"));
		}

		/**
		 * Send the request with a fresh key for {@code %s}, let the handler report its progress and two interim
		 * responses be sent after that, then let it finish.
		 */
		private void assertPlainInterimResponses(String request) throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(request.formatted(hold.key()));
				hold.awaitEntered();
				long sentAfterReport = this.valve.getSentCount();
				await().pollInterval(Duration.ofMillis(2))
					.until(() -> this.valve.getSentCount() >= sentAfterReport + 2);
				hold.release();
				Exchange exchange = connection.readResponse();
				assertThat(exchange.processingCount()).isGreaterThanOrEqualTo(2);
				assertThat(exchange.interims()).allSatisfy((interim) -> {
					assertThat(interim.statusLine()).isEqualTo("HTTP/1.1 102 Processing");
					assertThat(interim.headers()).isEmpty();
				});
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("flex " + hold.key());
			}
		}

	}

	/**
	 * Read interim responses up to and including the first that matches; a final response instead fails the read.
	 */
	private static List<Head> readInterimsUntil(RawHttpConnection connection, Predicate<Head> last)
			throws IOException {
		List<Head> interims = new ArrayList<>();
		Head interim;
		do {
			interim = connection.readInterim();
			interims.add(interim);
		}
		while (!last.test(interim));
		return interims;
	}

}
