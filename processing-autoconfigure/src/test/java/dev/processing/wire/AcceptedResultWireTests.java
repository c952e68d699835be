package dev.processing.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The result of a {@code 202 Accepted} operation replays what the synchronous call would have sent: status, the
 * header fields the handler set, the content type negotiated with the submitting request, and the body bytes.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
				"processing.accepted.retry-after=2s" })
class AcceptedResultWireTests {

	@LocalServerPort
	int port;

	@Test
	void stringResultIsTextWhenTheSubmittingRequestAcceptedText() throws IOException {
		stringResultIsReplayedAsTheSynchronousCallSendsIt("text/plain", "text/plain;charset=UTF-8");
	}

	@Test
	void stringResultIsJsonWhenTheSubmittingRequestAcceptedJson() throws IOException {
		stringResultIsReplayedAsTheSynchronousCallSendsIt("application/json", "application/json");
	}

	private void stringResultIsReplayedAsTheSynchronousCallSendsIt(String accept, String contentType)
			throws IOException {
		String key = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			String location = Monitors.accepted(connection
				.send(RawHttpConnection.request("GET", "/jobs/text/" + key, "Accept: " + accept))
				.readResponse());
			Holds.release(key);
			assertThat(Monitors.awaitDone(connection, location).get("status").asString()).isEqualTo("succeeded");
			// The result is fetched without an Accept header: what counts is what the submitting request accepted.
			Exchange result = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			Exchange synchronous = connection
				.send(RawHttpConnection.request("GET", "/sync/text/" + key, "Accept: " + accept))
				.readResponse();
			assertThat(synchronous.status()).isEqualTo(200);
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.header("Content-Type")).isEqualTo(contentType)
				.isEqualTo(synchronous.header("Content-Type"));
			assertThat(result.body()).isEqualTo(("text " + key).getBytes(StandardCharsets.UTF_8))
				.isEqualTo(synchronous.body());
			Exchange again = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			assertThat(again.status()).isEqualTo(200);
			assertThat(again.header("Content-Type")).isEqualTo(contentType);
			assertThat(again.body()).isEqualTo(result.body());
		}
	}

	@Test
	void jsonObjectResultIsReplayedWithItsContentTypeAndBytes() throws IOException {
		try (RawHttpConnection connection = connect()) {
			String location = Monitors.accepted(connection
				.send(RawHttpConnection.postJson("/jobs/report", "{\"name\":\"weekly\"}", "Accept: application/json"))
				.readResponse());
			JsonNode monitor = Monitors.awaitDone(connection, location);
			assertThat(monitor.get("status").asString()).isEqualTo("succeeded");
			// It reported 40 % last, but it is done.
			assertThat(monitor.get("progress").get("percent").asInt()).isEqualTo(100);
			assertThat(monitor.get("progress").has("message")).isFalse();
			assertThat(monitor.get("resultLocation").asString()).isEqualTo(location + "/result");
			Exchange result = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.header("Content-Type")).isEqualTo("application/json");
			assertThat(result.bodyText()).isEqualTo("{\"name\":\"weekly\",\"rows\":42}");
		}
	}

	@Test
	void resultTheClientCannotAcceptIsRefusedBeforeTheWorkRunsAsTheSynchronousCallRefusesIt() throws IOException {
		String accept = "Accept: text/csv";
		try (RawHttpConnection connection = connect()) {
			Exchange refused = connection.send(RawHttpConnection.request("GET", "/jobs/entity", accept)).readResponse();
			Exchange synchronous = connection.send(RawHttpConnection.request("GET", "/sync/entity", accept))
				.readResponse();
			assertThat(synchronous.status()).isEqualTo(406);
			assertThat(refused.status()).isEqualTo(406);
			assertThat(refused.header("Location")).isNull();
			assertThat(refused.header("Content-Type")).isEqualTo(synchronous.header("Content-Type"));
			Exchange accepted = connection
				.send(RawHttpConnection.request("GET", "/jobs/entity", "Accept: text/csv, application/*+json"))
				.readResponse();
			assertThat(accepted.status()).isEqualTo(202);
		}
	}

	@Test
	void responseEntityResultKeepsItsStatusAndHeaderFieldsLocationIncluded() throws IOException {
		try (RawHttpConnection connection = connect()) {
			String location = Monitors.accepted(connection.send(RawHttpConnection.get("/jobs/entity")).readResponse());
			Monitors.awaitDone(connection, location);
			Exchange result = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			Exchange synchronous = connection.send(RawHttpConnection.get("/sync/entity")).readResponse();
			assertThat(result.status()).isEqualTo(201).isEqualTo(synchronous.status());
			assertThat(result.header("X-Job")).isEqualTo("entity").isEqualTo(synchronous.header("X-Job"));
			assertThat(result.header("Location")).isEqualTo("/reports/7").isEqualTo(synchronous.header("Location"));
			assertThat(result.header("Content-Type")).isEqualTo("application/json")
				.isEqualTo(synchronous.header("Content-Type"));
			assertThat(result.bodyText()).isEqualTo("{\"name\":\"entity\",\"rows\":7}")
				.isEqualTo(synchronous.bodyText());
		}
	}

	@Test
	void voidResultIsReplayedAsNoContent() throws IOException {
		try (RawHttpConnection connection = connect()) {
			String location = Monitors
				.accepted(connection.send(RawHttpConnection.request("DELETE", "/jobs/purge")).readResponse());
			Monitors.awaitDone(connection, location);
			Exchange result = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			Exchange synchronous = connection.send(RawHttpConnection.request("DELETE", "/sync/purge")).readResponse();
			assertThat(result.status()).isEqualTo(204).isEqualTo(synchronous.status());
			assertThat(result.header("Content-Type")).isNull();
			assertThat(synchronous.header("Content-Type")).isNull();
			assertThat(result.body()).isEmpty();
			// The connection is still in step: the next response is read whole.
			assertThat(connection.send(RawHttpConnection.get(location)).readResponse().status()).isEqualTo(200);
		}
	}

	@Test
	void resultOfAnOperationThatIsNotDoneIsAcceptedWithTheMonitorsLocationAndRetryAfter() throws IOException {
		String key = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			String location = Monitors
				.accepted(connection.send(RawHttpConnection.get("/jobs/text/" + key)).readResponse());
			await().until(() -> Holds.isEntered(key));
			Exchange notDone = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			assertThat(notDone.status()).isEqualTo(202);
			assertThat(notDone.header("Location")).isEqualTo(location);
			assertThat(notDone.header("Retry-After")).isEqualTo("2");
			assertThat(notDone.header("Cache-Control")).isEqualTo("no-store");
			assertThat(notDone.header("Content-Type")).isEqualTo("application/json");
			JsonNode monitor = Monitors.json(notDone);
			assertThat(monitor.get("id").asString()).isEqualTo(location.substring("/operations/".length()));
			assertThat(monitor.get("status").asString()).isEqualTo("running");
			assertThat(monitor.get("done").asBoolean()).isFalse();
			assertThat(monitor.has("resultLocation")).isFalse();
			Holds.release(key);
			Monitors.awaitDone(connection, location);
			Exchange result = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.bodyText()).isEqualTo("text " + key);
		}
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port);
	}

}
