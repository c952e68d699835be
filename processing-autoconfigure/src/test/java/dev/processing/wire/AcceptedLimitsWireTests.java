package dev.processing.wire;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

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
 * The limits of {@code 202 Accepted} operations on the wire: workers and queue, retention, and result size.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.accepted.max-concurrent=1", "processing.accepted.queue-capacity=1",
				"processing.accepted.retention=300ms", "processing.accepted.max-result-size=1KB",
				"processing.accepted.retry-after=1s" })
class AcceptedLimitsWireTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration POLL = Duration.ofMillis(10);

	@LocalServerPort
	int port;

	@Test
	void submissionBeyondWorkersAndQueueGets503UntilThereIsRoomAgain() throws IOException {
		String running = Hold.newKey();
		String queued = Hold.newKey();
		String rejectedKey = Hold.newKey();
		String queuedLocation;
		try (RawHttpConnection connection = connect()) {
			String runningLocation = submit(connection, "/jobs/text/" + running);
			await().pollInterval(POLL).until(() -> Holds.isEntered(running));
			queuedLocation = submit(connection, "/jobs/text/" + queued);
			assertThat(status(connection, queuedLocation)).isEqualTo("queued");
			assertThat(status(connection, runningLocation)).isEqualTo("running");

			Exchange rejected = connection.send(RawHttpConnection.get("/jobs/text/" + rejectedKey)).readResponse();
			assertThat(rejected.status()).isEqualTo(503);
			assertThat(rejected.header("Retry-After")).isEqualTo("1");
			assertThat(rejected.header("Location")).isNull();
			assertThat(rejected.header("Content-Type")).isEqualTo("application/problem+json");
			JsonNode problem = json.readTree(rejected.body());
			assertThat(problem.get("status").asInt()).isEqualTo(503);
			assertThat(problem.get("detail").asString()).contains("try again later");
		}
		finally {
			Holds.release(running);
			Holds.release(queued);
			Holds.release(rejectedKey);
		}
		// Tomcat closes the connection after a 503.
		try (RawHttpConnection connection = connect()) {
			// Once the queued operation has run, the worker and the queue are free.
			await().pollInterval(POLL).until(() -> {
				Exchange monitor = connection.send(RawHttpConnection.get(queuedLocation)).readResponse();
				return monitor.status() == 404 || json.readTree(monitor.body()).get("done").asBoolean();
			});
			String again = Hold.newKey();
			Holds.release(again);
			String location = submit(connection, "/jobs/text/" + again);
			assertThat(awaitDone(connection, location).get("status").asString()).isEqualTo("succeeded");
		}
	}

	@Test
	void finishedOperationIsGoneAfterTheRetention() throws IOException {
		try (RawHttpConnection connection = connect()) {
			String location = submit(connection, "/jobs/quick");
			JsonNode finished = awaitDone(connection, location);
			assertThat(finished.get("status").asString()).isEqualTo("succeeded");
			Instant expiresAt = Instant.parse(finished.get("expiresAt").asString());
			assertThat(Duration.between(Instant.parse(finished.get("updatedAt").asString()), expiresAt))
				.isBetween(Duration.ofMillis(300), Duration.ofMillis(301));

			await().pollInterval(POLL)
				.atMost(Duration.ofSeconds(5))
				.until(() -> connection.send(RawHttpConnection.get(location)).readResponse().status() == 404);
			assertThat(Instant.now()).isAfterOrEqualTo(expiresAt);
			Exchange gone = connection.send(RawHttpConnection.get(location)).readResponse();
			assertThat(gone.status()).isEqualTo(404);
			assertThat(gone.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(connection.send(RawHttpConnection.get(location + "/result")).readResponse().status())
				.isEqualTo(404);
		}
	}

	@Test
	void resultLargerThanTheLimitFailsTheOperationWithAProblemNamingTheLimit() throws IOException {
		try (RawHttpConnection connection = connect()) {
			String location = submit(connection, "/jobs/big?size=2000");
			JsonNode finished = awaitDone(connection, location);
			assertThat(finished.get("status").asString()).isEqualTo("failed");

			Exchange result = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			assertThat(result.status()).isEqualTo(500);
			assertThat(result.header("Content-Type")).isEqualTo("application/problem+json");
			JsonNode problem = json.readTree(result.body());
			assertThat(problem.get("status").asInt()).isEqualTo(500);
			assertThat(problem.get("detail").asString()).contains("1024 bytes");
			assertThat(result.bodyText()).doesNotContain("xxxx");
		}
	}

	@Test
	void resultUnderTheLimitIsKept() throws IOException {
		assertResultKept(100);
	}

	@Test
	void resultOfExactlyTheLimitIsKept() throws IOException {
		assertResultKept(1024);
	}

	private void assertResultKept(int size) throws IOException {
		try (RawHttpConnection connection = connect()) {
			String location = submit(connection, "/jobs/big?size=" + size);
			JsonNode finished = awaitDone(connection, location);
			assertThat(finished.get("status").asString()).isEqualTo("succeeded");
			Exchange result = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.bodyText()).isEqualTo("x".repeat(size));
		}
	}

	/**
	 * Submit a request that is accepted and return its monitor's location.
	 */
	private static String submit(RawHttpConnection connection, String path) throws IOException {
		Exchange accepted = connection.send(RawHttpConnection.get(path)).readResponse();
		assertThat(accepted.status()).as("answer to " + path).isEqualTo(202);
		String location = accepted.header("Location");
		assertThat(location).startsWith("/operations/");
		return location;
	}

	private static String status(RawHttpConnection connection, String location) throws IOException {
		Exchange monitor = connection.send(RawHttpConnection.get(location)).readResponse();
		assertThat(monitor.status()).isEqualTo(200);
		return json.readTree(monitor.body()).get("status").asString();
	}

	/**
	 * Poll the monitor until it says the operation is done, and return what it said.
	 */
	private static JsonNode awaitDone(RawHttpConnection connection, String location) {
		return await().pollInterval(POLL).until(() -> {
			Exchange monitor = connection.send(RawHttpConnection.get(location)).readResponse();
			assertThat(monitor.status()).as("monitor of " + location).isEqualTo(200);
			return json.readTree(monitor.body());
		}, (monitor) -> monitor.get("done").asBoolean());
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port, 0);
	}

}
