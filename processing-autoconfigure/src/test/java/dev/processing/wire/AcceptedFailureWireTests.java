package dev.processing.wire;

import java.io.IOException;
import java.util.List;

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
	void serverErrorStatusExceptionFailsWithItsStatusButNotItsReason() throws IOException {
		Exchange result = failedResult("/jobs/unavailable");
		JsonNode problem = Monitors.problem(result, 503);
		assertThat(problem.get("title").asString()).isEqualTo("Service Unavailable");
		assertThat(problem.has("detail")).isFalse();
		assertThat(problem.get("instance").asString()).isEqualTo("/jobs/unavailable");
		// A 5xx reason is about the inside of the server: like Spring Boot's error handling, say nothing of it.
		assertThat(result.bodyText()).doesNotContain("password");
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
	void exceptionHandlerProblemIsNegotiatedAsForAnyErrorThoughTheHandlerProducesAnotherType() throws IOException {
		String accept = "Accept: text/csv";
		Exchange result = failedResult("/jobs/export", accept);
		JsonNode problem = Monitors.problem(result, 422);
		assertThat(result.header("X-Advice")).isEqualTo("yes");
		assertThat(problem.get("detail").asString()).isEqualTo("Rejected: export quota");
		assertThat(problem.get("instance").asString()).isEqualTo("/jobs/export");
		try (RawHttpConnection connection = connect()) {
			Exchange synchronous = connection.send(RawHttpConnection.request("GET", "/sync/export", accept))
				.readResponse();
			assertThat(synchronous.status()).isEqualTo(422);
			assertThat(synchronous.header("Content-Type")).isEqualTo(result.header("Content-Type"));
		}
	}

	@Test
	void returnValueIsValidatedWhenTheDetachedMethodReturnsIt() throws IOException {
		// Both are accepted: there is no return value to validate while the submitting request is answered.
		try (RawHttpConnection connection = connect()) {
			String valid = Monitors
				.accepted(connection.send(RawHttpConnection.get("/jobs/code?value=abc")).readResponse());
			String invalid = Monitors
				.accepted(connection.send(RawHttpConnection.get("/jobs/code?value=toolong")).readResponse());
			assertThat(Monitors.awaitDone(connection, valid).get("status").asString()).isEqualTo("succeeded");
			Exchange result = connection.send(RawHttpConnection.get(valid + "/result")).readResponse();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.bodyText()).isEqualTo("abc");
			assertThat(Monitors.awaitDone(connection, invalid).get("status").asString()).isEqualTo("failed");
			Exchange failed = connection.send(RawHttpConnection.get(invalid + "/result")).readResponse();
			JsonNode problem = Monitors.problem(failed, 500);
			assertThat(problem.has("detail")).isFalse();
			assertThat(failed.bodyText()).doesNotContain("toolong");
		}
	}

	@Test
	void unhandledFailureIsAGenericServerErrorThatKeepsItsMessageInTheLogOnly(CapturedOutput output)
			throws IOException {
		String key = Hold.newKey();
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

	@Test
	void workThatFailsInterruptedWithoutACancelFailsAsAnyUnhandledFailure() throws IOException {
		JsonNode problem = Monitors.problem(failedResult("/jobs/interrupted"), 500);
		assertThat(problem.get("detail").asString()).isEqualTo("The operation failed.");
	}

	/**
	 * Submit a handler that fails once released, check that its monitor says it failed, and fetch its result.
	 */
	private Exchange failedResult(String path, String... fields) throws IOException {
		try (RawHttpConnection connection = connect()) {
			String location = submitAndRelease(connection, path, Hold.newKey(), fields);
			JsonNode monitor = Monitors.awaitDone(connection, location);
			assertThat(monitor.get("status").asString()).isEqualTo("failed");
			assertThat(monitor.get("resultLocation").asString()).isEqualTo(location + "/result");
			assertThat(monitor.has("expiresAt")).isTrue();
			return connection.send(RawHttpConnection.get(location + "/result")).readResponse();
		}
	}

	private static String submitAndRelease(RawHttpConnection connection, String path, String key,
			String... fields) throws IOException {
		String location = Monitors.accepted(
				connection.send(RawHttpConnection.request("GET", path + "?hold=" + key, fields)).readResponse());
		await().until(() -> Holds.isEntered(key));
		assertThat(Monitors.monitor(connection, location).get("status").asString()).isEqualTo("running");
		Holds.release(key);
		return location;
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port);
	}

}
