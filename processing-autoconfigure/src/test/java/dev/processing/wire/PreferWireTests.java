package dev.processing.wire;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.processing.wire.RawHttpConnection.Exchange;
import dev.processing.wire.RawHttpConnection.Head;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client's {@code Prefer} header (RFC 7240) on the wire: {@code respond-async} turns a long-running handler into
 * {@code 202 Accepted}, and {@code wait} holds the request, with interim responses, for a result that comes in time.
 */
class PreferWireTests {

	@Nested
	@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
					"processing.accepted.retry-after=2s" })
	class Honored {

		@LocalServerPort
		int port;

		@Test
		void respondAsyncTurnsAnInterimHandlerInto202WithPreferenceApplied() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				Exchange accepted = connection
					.send(RawHttpConnection.request("GET", "/flex/" + hold.key(), "Prefer: respond-async"))
					.readResponse();
				assertThat(accepted.interims()).isEmpty();
				assertThat(accepted.status()).isEqualTo(202);
				assertThat(accepted.header("Preference-Applied")).isEqualTo("respond-async");
				assertThat(accepted.header("Vary")).isEqualTo("Prefer");
				assertThat(accepted.header("Retry-After")).isEqualTo("2");
				String location = accepted.header("Location");
				assertThat(location).matches("/operations/[A-Za-z0-9_-]{22}");
				hold.release();
				Exchange result = awaitResult(connection, location);
				assertThat(result.status()).isEqualTo(200);
				assertThat(result.bodyText()).isEqualTo("flex " + hold.key());
			}
		}

		@Test
		void responseOfALongRunningHandlerVariesOnPrefer() throws IOException {
			try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
				Exchange exchange = connection.send(RawHttpConnection.get("/flex-quick")).readResponse();
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("flex quick");
				assertThat(exchange.header("Vary")).isEqualTo("Prefer");
				assertThat(exchange.header("Preference-Applied")).isNull();
			}
		}

		@Test
		void waitGetsTheSynchronousResponseAfterInterimResponsesWhenTheResultComesInTime() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection
					.send(RawHttpConnection.request("GET", "/flex/" + hold.key(), "Prefer: respond-async, wait=5"));
				Exchange exchange = hold.releaseAfterInterims(connection, 2);
				assertThat(exchange.interims().get(0).statusLine()).isEqualTo("HTTP/1.1 102 Processing");
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("flex " + hold.key());
				assertThat(exchange.header("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
				assertThat(exchange.header("Location")).isNull();
				assertThat(exchange.header("Retry-After")).isNull();
				assertThat(exchange.header("Preference-Applied")).isNull();
				assertThat(exchange.header("Vary")).isEqualTo("Prefer");
				Exchange next = connection.send(RawHttpConnection.get("/plain")).readResponse();
				assertThat(next.bodyText()).isEqualTo("plain");
			}
		}

		@Test
		void waitForAResultThatIsReadyAtOnceAnswersExactlyAsTheSynchronousCall() throws IOException {
			try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
				Exchange synchronous = connection.send(RawHttpConnection.get("/flex-quick")).readResponse();
				Exchange waited = connection
					.send(RawHttpConnection.request("GET", "/flex-quick", "Prefer: respond-async, wait=5"))
					.readResponse();
				assertThat(waited.status()).isEqualTo(synchronous.status()).isEqualTo(200);
				assertThat(withoutDate(waited.head())).isEqualTo(withoutDate(synchronous.head()));
				assertThat(waited.body()).isEqualTo(synchronous.body());
			}
		}

		@Test
		void preferencesInSeparateFieldLinesCountTogether() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/flex/" + hold.key(), "Prefer: respond-async",
						"Prefer: wait=5"));
				Exchange exchange = hold.releaseAfterInterims(connection, 1);
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("flex " + hold.key());
				assertThat(exchange.header("Location")).isNull();
			}
		}

		@Test
		void waitAloneHoldsARequestToAnAcceptedHandlerUntilItsResult() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/jobs/text/" + hold.key(), "Prefer: wait=5"));
				Exchange exchange = hold.releaseAfterInterims(connection, 2);
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("text " + hold.key());
				assertThat(exchange.header("Location")).isNull();
				assertThat(exchange.header("Preference-Applied")).isNull();
			}
		}

		@Test
		void handlerWithoutAnnotationIgnoresPrefer() throws IOException {
			try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
				Exchange exchange = connection
					.send(RawHttpConnection.request("GET", "/plain", "Prefer: respond-async, wait=5"))
					.readResponse();
				assertThat(exchange.interims()).isEmpty();
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("plain");
				assertThat(exchange.header("Vary")).isNull();
				assertThat(exchange.header("Preference-Applied")).isNull();
				assertThat(exchange.header("Location")).isNull();
			}
		}

		@Test
		void handlerThatCannotRunDetachedIgnoresRespondAsyncAndKeepsInterimResponses() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/raw/" + hold.key(), "Prefer: respond-async"));
				Exchange exchange = hold.releaseAfterInterims(connection, 2);
				assertThat(exchange.interims().get(0).statusLine()).isEqualTo("HTTP/1.1 102 Processing");
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("raw " + hold.key());
				assertThat(exchange.header("Location")).isNull();
				assertThat(exchange.header("Preference-Applied")).isNull();
			}
		}

	}

	@Nested
	@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
					"processing.accepted.max-wait=200ms" })
	class WithShortMaxWait {

		@LocalServerPort
		int port;

		@Test
		void waitLongerThanTheMaximumEndsIn202AfterTheMaximumWithInterimResponsesBefore() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				long start = System.nanoTime();
				Exchange accepted = connection
					.send(RawHttpConnection.request("GET", "/flex/" + hold.key(), "Prefer: respond-async, wait=5"))
					.readResponse();
				Duration waited = Duration.ofNanos(System.nanoTime() - start);
				assertThat(accepted.status()).isEqualTo(202);
				assertThat(accepted.processingCount()).isPositive();
				assertThat(accepted.interims()).allSatisfy((interim) -> assertThat(interim.status()).isEqualTo(102));
				assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(5));
				assertThat(accepted.header("Preference-Applied")).isEqualTo("respond-async");
				assertThat(accepted.header("Vary")).isEqualTo("Prefer");
				String location = accepted.header("Location");
				assertThat(location).matches("/operations/[A-Za-z0-9_-]{22}");
				assertThat(accepted.bodyText()).contains("\"status\":\"running\"", "\"done\":false");
				hold.release();
				Exchange result = awaitResult(connection, location);
				assertThat(result.status()).isEqualTo(200);
				assertThat(result.bodyText()).isEqualTo("flex " + hold.key());
			}
		}

	}

	@Nested
	@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
					"processing.accepted.honor-prefer=false" })
	class NotHonored {

		@LocalServerPort
		int port;

		@Test
		void respondAsyncIsIgnoredButTheResponseStillVariesOnPreferForProcessing() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/flex/" + hold.key(), "Prefer: respond-async"));
				Exchange exchange = hold.releaseAfterInterims(connection, 2);
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("flex " + hold.key());
				assertThat(exchange.header("Vary")).isEqualTo("Prefer");
				assertThat(exchange.header("Preference-Applied")).isNull();
				assertThat(exchange.header("Location")).isNull();
			}
		}

		@Test
		void processingIsStillHonored() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/flex/" + hold.key(),
						"User-Agent: python-requests/2.31.0", "Prefer: processing"));
				Exchange exchange = hold.releaseAfterInterims(connection, 2);
				assertThat(exchange.bodyText()).isEqualTo("flex " + hold.key());
				assertThat(exchange.header("Preference-Applied")).isEqualTo("processing");
				assertThat(exchange.header("Vary")).isEqualTo("Prefer");
			}
		}

		@Test
		void waitIsIgnoredByAnAcceptedHandler() throws IOException {
			try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
				Exchange accepted = connection
					.send(RawHttpConnection.request("GET", "/jobs/quick", "Prefer: respond-async, wait=5"))
					.readResponse();
				assertThat(accepted.interims()).isEmpty();
				assertThat(accepted.status()).isEqualTo(202);
				assertThat(accepted.header("Location")).matches("/operations/[A-Za-z0-9_-]{22}");
				assertThat(accepted.header("Vary")).isEqualTo("Prefer");
				assertThat(accepted.header("Preference-Applied")).isNull();
			}
		}

	}

	private static Exchange awaitResult(RawHttpConnection connection, String location) {
		return await().pollInterval(Duration.ofMillis(10))
			.until(() -> connection.send(RawHttpConnection.get(location + "/result")).readResponse(),
					(exchange) -> exchange.status() != 202);
	}

	private static Map<String, String> withoutDate(Head head) {
		Map<String, String> headers = new LinkedHashMap<>(head.headers());
		headers.remove("date");
		return headers;
	}

}
