package dev.processing.wire;

import java.io.IOException;

import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code 202 Accepted} protocol on the wire: submit, poll the status monitor, fetch the result.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
				"processing.accepted.retry-after=2s" })
class AcceptedModeWireTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void submitAnswers202WithLocationRetryAfterAndTheMonitorThenTheResultReplaysTheSynchronousResponse()
			throws IOException {
		String key = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			Exchange accepted = connection
				.send(RawHttpConnection.postJson("/jobs/report", "{\"name\":\"sales\",\"key\":\"" + key + "\"}"))
				.readResponse();
			assertThat(accepted.status()).isEqualTo(202);
			assertThat(accepted.interims()).isEmpty();
			String location = accepted.header("Location");
			assertThat(location).matches("/operations/[A-Za-z0-9_-]{22}");
			assertThat(accepted.header("Retry-After")).isEqualTo("2");
			assertThat(accepted.header("Content-Type")).isEqualTo("application/json");
			assertThat(accepted.header("Vary")).isEqualTo("Prefer");
			JsonNode monitor = json.readTree(accepted.body());
			assertThat(monitor.get("id").asString()).isEqualTo(location.substring("/operations/".length()));
			assertThat(monitor.get("status").asString()).isIn("queued", "running");
			assertThat(monitor.get("done").asBoolean()).isFalse();

			Exchange notYet = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			assertThat(notYet.status()).isEqualTo(202);
			assertThat(notYet.header("Location")).isEqualTo(location);

			await().until(() -> Holds.isEntered(key));
			Exchange running = connection.send(RawHttpConnection.get(location)).readResponse();
			assertThat(running.status()).isEqualTo(200);
			assertThat(running.header("Cache-Control")).isEqualTo("no-store");
			JsonNode runningMonitor = json.readTree(running.body());
			assertThat(runningMonitor.get("status").asString()).isEqualTo("running");
			assertThat(runningMonitor.get("progress").get("percent").asInt()).isEqualTo(40);
			assertThat(runningMonitor.get("progress").get("message").asString()).isEqualTo("Loading rows");

			Holds.release(key);
			await().until(() -> json.readTree(connection.send(RawHttpConnection.get(location)).readResponse().body())
				.get("done")
				.asBoolean());
			Exchange done = connection.send(RawHttpConnection.get(location)).readResponse();
			JsonNode doneMonitor = json.readTree(done.body());
			assertThat(doneMonitor.get("status").asString()).isEqualTo("succeeded");
			assertThat(doneMonitor.get("resultLocation").asString()).isEqualTo(location + "/result");
			assertThat(doneMonitor.has("expiresAt")).isTrue();
			assertThat(done.header("Retry-After")).isNull();

			Exchange result = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.header("Content-Type")).isEqualTo("application/json");
			assertThat(result.bodyText()).isEqualTo("{\"name\":\"sales\",\"rows\":42}");
		}
	}

	@Test
	void invalidSubmissionIsRejectedAtOnceWithoutAnOperation() throws IOException {
		try (RawHttpConnection connection = connect()) {
			Exchange rejected = connection.send(RawHttpConnection.postJson("/jobs/report", "{\"name\":\"\"}"))
				.readResponse();
			assertThat(rejected.status()).isEqualTo(400);
			assertThat(rejected.header("Location")).isNull();
		}
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port, 0);
	}

}
