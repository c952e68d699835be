package dev.processing.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import dev.processing.wire.RawHttpConnection.Exchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reads the answers of the {@code 202 Accepted} protocol on the wire: the submission, the status monitor, problems.
 */
final class Monitors {

	private static final JsonMapper json = JsonMapper.builder().build();

	private Monitors() {
	}

	/**
	 * The body of a response as JSON.
	 */
	static JsonNode json(Exchange exchange) {
		return json.readTree(exchange.body());
	}

	/**
	 * Assert that a submission was accepted and return the location of its status monitor.
	 */
	static String accepted(Exchange exchange) {
		assertThat(exchange.status()).as("status of the submission").isEqualTo(202);
		String location = exchange.header("Location");
		assertThat(location).matches("/operations/[A-Za-z0-9_-]{22}");
		return location;
	}

	/**
	 * Read the status monitor, which must be there.
	 */
	static JsonNode monitor(RawHttpConnection connection, String location, String... fields) throws IOException {
		Exchange exchange = connection.send(RawHttpConnection.request("GET", location, fields)).readResponse();
		assertThat(exchange.status()).as("status of the monitor " + location).isEqualTo(200);
		return json(exchange);
	}

	/**
	 * Poll the status monitor every few milliseconds until the operation is done, and return its last state.
	 */
	static JsonNode awaitDone(RawHttpConnection connection, String location, String... fields) {
		return await().pollInterval(Duration.ofMillis(10))
			.until(() -> monitor(connection, location, fields), (monitor) -> monitor.get("done").asBoolean());
	}

	/**
	 * Assert that a response is a problem ({@code application/problem+json}) with the given status, and return it.
	 */
	static JsonNode problem(Exchange exchange, int status) {
		assertThat(exchange.status()).isEqualTo(status);
		assertThat(exchange.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = json(exchange);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		return problem;
	}

	/**
	 * The header field line of HTTP Basic credentials.
	 */
	static String basic(String user, String password) {
		return "Authorization: Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
