package dev.processing.wire;

import java.io.IOException;
import java.time.Duration;

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
 * The limit on stored {@code 202 Accepted} operations on the wire: finished operations count until they are
 * forgotten.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.accepted.max-operations=2", "processing.accepted.retry-after=3s",
				"processing.accepted.retention=1h" })
class MaxOperationsWireTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void finishedOperationsFillTheStoreUntilOneIsForgotten() throws IOException {
		String first;
		try (RawHttpConnection connection = connect()) {
			first = submit(connection);
			String second = submit(connection);
			awaitDone(connection, first);
			awaitDone(connection, second);

			assertRejected(connection);
		}
		try (RawHttpConnection connection = connect()) {
			Exchange forgotten = connection.send(RawHttpConnection.request("DELETE", first)).readResponse();
			assertThat(forgotten.status()).isEqualTo(204);
			assertThat(connection.send(RawHttpConnection.get(first)).readResponse().status()).isEqualTo(404);

			String third = submit(connection);
			assertThat(awaitDone(connection, third).get("status").asString()).isEqualTo("succeeded");

			assertRejected(connection);
		}
	}

	/**
	 * Assert that a submission gets 503 because the store is full, with a {@code Retry-After} that says when the
	 * first operation expires (an hour after it finished), not the usual poll interval.
	 */
	private static void assertRejected(RawHttpConnection connection) throws IOException {
		Exchange rejected = connection.send(RawHttpConnection.get("/jobs/quick")).readResponse();
		assertThat(rejected.status()).isEqualTo(503);
		assertThat(Long.parseLong(rejected.header("Retry-After"))).isBetween(3500L, 3600L);
		assertThat(rejected.header("Location")).isNull();
		assertThat(rejected.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(json.readTree(rejected.body()).get("status").asInt()).isEqualTo(503);
	}

	private static String submit(RawHttpConnection connection) throws IOException {
		Exchange accepted = connection.send(RawHttpConnection.get("/jobs/quick")).readResponse();
		assertThat(accepted.status()).isEqualTo(202);
		String location = accepted.header("Location");
		assertThat(location).startsWith("/operations/");
		return location;
	}

	private static JsonNode awaitDone(RawHttpConnection connection, String location) {
		return await().pollInterval(Duration.ofMillis(10)).until(() -> {
			Exchange monitor = connection.send(RawHttpConnection.get(location)).readResponse();
			assertThat(monitor.status()).as("monitor of " + location).isEqualTo(200);
			return json.readTree(monitor.body());
		}, (monitor) -> monitor.get("done").asBoolean());
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port, 0);
	}

}
