package dev.processing.wire;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code 202 Accepted} operation whose work fails keeps the response Spring MVC's exception handling makes of the
 * failure, and replays it as its result.
 * <p>
 * Each handler fails only once the test releases it, after its submitting request has been answered and its
 * connection has served another request: the usual case for work that takes long.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
				"processing.accepted.retry-after=2s" })
@ExtendWith(OutputCaptureExtension.class)
class AcceptedFailureWireTests {

	@LocalServerPort
	int port;

	@Test
	void responseStatusExceptionFailsWithItsStatusAndReasonAsProblemDetail() throws IOException {
		JsonNode problem = Monitors.problem(failedResult("/jobs/conflict"), 409);
		assertThat(problem.get("title").asString()).isEqualTo("Conflict");
		assertThat(problem.get("detail").asString()).isEqualTo("Already running");
		assertThat(problem.get("instance").asString()).isEqualTo("/jobs/conflict");
	}

	@Test
	void exceptionWithResponseStatusReasonFailsWithThatStatusAndReasonAsProblemDetail() throws IOException {
		JsonNode problem = Monitors.problem(failedResult("/jobs/teapot"), 418);
		assertThat(problem.get("detail").asString()).isEqualTo("Short and stout");
		assertThat(problem.get("instance").asString()).isEqualTo("/jobs/teapot");
	}

	@Test
	void exceptionHandlerResponseIsKeptExactlyWithItsHeaderFields() throws IOException {
		Exchange result = failedResult("/jobs/advised");
		JsonNode problem = Monitors.problem(result, 422);
		assertThat(result.header("X-Advice")).isEqualTo("yes");
		assertThat(problem.get("detail").asString()).isEqualTo("Rejected: quota");
		assertThat(problem.get("reason").asString()).isEqualTo("quota");
		assertThat(problem.get("instance").asString()).isEqualTo("/jobs/advised");
		try (RawHttpConnection connection = connect()) {
			Exchange synchronous = connection.send(RawHttpConnection.get("/sync/advised")).readResponse();
			assertThat(synchronous.status()).isEqualTo(422);
			assertThat(synchronous.header("Content-Type")).isEqualTo(result.header("Content-Type"));
			assertThat(synchronous.header("X-Advice")).isEqualTo(result.header("X-Advice"));
			ObjectNode expected = (ObjectNode) Monitors.json(synchronous);
			expected.put("instance", "/jobs/advised");
			assertThat(problem).isEqualTo(expected);
		}
	}

	@Test
	void unhandledFailureIsAGenericServerErrorThatKeepsItsMessageInTheLogOnly(CapturedOutput output)
			throws IOException {
		String key = key();
		try (RawHttpConnection connection = connect()) {
			String location = submitAndRelease(connection, "/jobs/boom", key);
			String id = location.substring("/operations/".length());
			JsonNode monitor = Monitors.awaitDone(connection, location);
			assertThat(monitor.get("status").asString()).isEqualTo("failed");
			assertThat(monitor.get("resultLocation").asString()).isEqualTo(location + "/result");
			Exchange result = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			JsonNode problem = Monitors.problem(result, 500);
			assertThat(problem.get("detail").asString()).isEqualTo("The operation failed.");
			assertThat(result.bodyText()).doesNotContain("secret detail").doesNotContain("IllegalStateException");
			// The log names the operation by the start of its id only: the whole id gives access to the result.
			String shortId = id.substring(0, 8) + "…";
			List<String> errors = output.getAll()
				.lines()
				.filter((line) -> line.contains(" ERROR ") && line.contains(shortId))
				.toList();
			assertThat(errors).hasSize(1);
			assertThat(errors.get(0)).contains("Operation " + shortId + " failed");
			assertThat(output.getAll()).doesNotContain(id);
			assertThat(output.getAll()).contains("java.lang.IllegalStateException: secret detail");
		}
	}

	/**
	 * Submit a handler that fails once released, check that its monitor says it failed, and fetch its result.
	 */
	private Exchange failedResult(String path) throws IOException {
		try (RawHttpConnection connection = connect()) {
			String location = submitAndRelease(connection, path, key());
			JsonNode monitor = Monitors.awaitDone(connection, location);
			assertThat(monitor.get("status").asString()).isEqualTo("failed");
			assertThat(monitor.get("resultLocation").asString()).isEqualTo(location + "/result");
			assertThat(monitor.has("expiresAt")).isTrue();
			return connection.send(RawHttpConnection.get(location + "/result")).readResponse();
		}
	}

	private static String submitAndRelease(RawHttpConnection connection, String path, String key)
			throws IOException {
		String location = Monitors
			.accepted(connection.send(RawHttpConnection.get(path + "?hold=" + key)).readResponse());
		await().until(() -> Holds.isEntered(key));
		assertThat(Monitors.monitor(connection, location).get("status").asString()).isEqualTo("running");
		Holds.release(key);
		return location;
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port);
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

}
