package dev.processing.wire;

import java.io.IOException;
import java.time.Duration;

import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The switch between {@code 102 Processing} and {@code 202 Accepted} on the wire: the most specific choice wins, from
 * the {@code processing.mode} property through the controller type and the method to the request's
 * {@code Prefer: respond-async}.
 */
class AcceptedSwitchWireTests {

	@Nested
	@SpringBootTest(classes = SwitchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms" })
	class InterimByProperty {

		@LocalServerPort
		int port;

		@Test
		void handlerWithoutModeFollowsThePropertyAndGetsInterimResponses() throws IOException {
			Exchange exchange = assertInterim(this.port, "/switch/following/", "following ");
			assertThat(exchange.header("Vary")).isEqualTo("Prefer");
		}

		@Test
		void methodAnnotatedAcceptedAnswers202ThoughThePropertySaysInterim() throws IOException {
			Exchange accepted = assertAccepted(this.port, "/switch/accepted/", "accepted ");
			assertThat(accepted.header("Preference-Applied")).isNull();
		}

		@Test
		void typeAnnotatedAcceptedAnswers202ForItsMethodsWithoutAnnotation() throws IOException {
			assertAccepted(this.port, "/accepted-type/", "accepted type ");
		}

		@Test
		void methodAnnotationWithoutModeKeepsTheModeOfItsType() throws IOException {
			assertAccepted(this.port, "/accepted-type/unmoded/", "unmoded ");
		}

		@Test
		void methodAnnotatedInterimWinsOverItsTypeAnnotatedAccepted() throws IOException {
			assertInterim(this.port, "/accepted-type/interim/", "interim in accepted type ");
		}

		@Test
		void preferRespondAsyncWinsOverAMethodAnnotatedInterim() throws IOException {
			Exchange accepted = assertAccepted(this.port, "/switch/interim/", "interim ", "Prefer: respond-async");
			assertThat(accepted.header("Preference-Applied")).isEqualTo("respond-async");
			assertThat(accepted.header("Vary")).isEqualTo("Prefer");
		}

	}

	@Nested
	@SpringBootTest(classes = SwitchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.mode=accepted", "processing.interim.initial-delay=5ms",
					"processing.interim.interval=5ms" })
	class AcceptedByProperty {

		@LocalServerPort
		int port;

		@Test
		void handlerWithoutModeFollowsThePropertyAndAnswers202() throws IOException {
			Exchange accepted = assertAccepted(this.port, "/switch/following/", "following ");
			assertThat(accepted.header("Preference-Applied")).isNull();
			assertThat(accepted.header("Vary")).isEqualTo("Prefer");
		}

		@Test
		void methodAnnotatedInterimKeepsInterimResponses() throws IOException {
			assertInterim(this.port, "/switch/interim/", "interim ");
		}

		@Test
		void typeAnnotatedInterimKeepsInterimResponsesForItsMethodsWithoutAnnotation() throws IOException {
			assertInterim(this.port, "/interim-type/", "interim type ");
		}

		@Test
		void typeAnnotatedAcceptedStillAnswers202() throws IOException {
			assertAccepted(this.port, "/accepted-type/", "accepted type ");
		}

		@Test
		void handlerThatCannotRunDetachedKeepsInterimResponses() throws IOException {
			assertInterim(this.port, "/raw/", "raw ");
		}

	}

	/**
	 * Request the path plus a fresh key and expect interim responses while the handler holds, then its own 200.
	 */
	static Exchange assertInterim(int port, String path, String bodyPrefix, String... fields) throws IOException {
		try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(port)) {
			connection.send(RawHttpConnection.request("GET", path + hold.key(), fields));
			Exchange exchange = hold.releaseAfterInterims(connection, 2);
			assertThat(exchange.interims().get(0).statusLine()).isEqualTo("HTTP/1.1 102 Processing");
			assertThat(exchange.status()).isEqualTo(200);
			assertThat(exchange.header("Location")).isNull();
			assertThat(exchange.header("Preference-Applied")).isNull();
			assertThat(exchange.bodyText()).isEqualTo(bodyPrefix + hold.key());
			return exchange;
		}
	}

	/**
	 * Request the path plus a fresh key and expect {@code 202 Accepted} at once, with no interim response before it,
	 * and the handler's own result behind its {@code Location} once the handler is let go.
	 */
	static Exchange assertAccepted(int port, String path, String bodyPrefix, String... fields) throws IOException {
		try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(port)) {
			Exchange accepted = connection.send(RawHttpConnection.request("GET", path + hold.key(), fields))
				.readResponse();
			assertThat(accepted.interims()).isEmpty();
			assertThat(accepted.status()).isEqualTo(202);
			String location = accepted.header("Location");
			assertThat(location).matches("/operations/[A-Za-z0-9_-]{22}");
			assertThat(accepted.header("Content-Type")).isEqualTo("application/json");
			assertThat(accepted.bodyText()).contains("\"done\":false");
			hold.release();
			Exchange result = await().pollInterval(Duration.ofMillis(10))
				.until(() -> connection.send(RawHttpConnection.get(location + "/result")).readResponse(),
						(exchange) -> exchange.status() != 202);
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.bodyText()).isEqualTo(bodyPrefix + hold.key());
			return accepted;
		}
	}

}
