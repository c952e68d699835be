package dev.processing.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import dev.processing.accepted.OperationResponses;
import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@code Idempotency-Key} binds a submitted operation for as long as it is kept: a repeat of the request answers
 * the same {@code 202 Accepted} without running the work again, the same key with a different request is refused,
 * and an interim-mode request with a key runs as an operation that a retry attaches to.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms" })
class IdempotencyWireTests {

	@LocalServerPort
	int port;

	@Test
	void repeatWithTheSameKeyAnswersTheSameOperationAndRunsTheWorkOnce() throws IOException {
		String job = Hold.newKey();
		String idempotencyKey = "Idempotency-Key: \"" + Hold.newKey() + "\"";
		try (RawHttpConnection connection = connect()) {
			Exchange first = connection.send(post(job, "report", idempotencyKey)).readResponse();
			String location = Monitors.accepted(first);
			assertThat(Monitors.awaitDone(connection, location).get("status").asString()).isEqualTo("succeeded");
			Exchange repeat = connection.send(post(job, "report", idempotencyKey)).readResponse();
			assertThat(repeat.status()).isEqualTo(202);
			assertThat(repeat.header("Location")).isEqualTo(location);
			assertThat(Monitors.json(repeat).get("status").asString()).isEqualTo("succeeded");
			assertThat(connection.send(RawHttpConnection.get(location + "/result")).readResponse().bodyText())
				.isEqualTo("ran report");
		}
		assertThat(runs(job)).isEqualTo(1);
	}

	@Test
	void quotedAndBareFormsOfAKeyAreTheSameKey() throws IOException {
		String job = Hold.newKey();
		String key = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			String location = Monitors
				.accepted(connection.send(post(job, "report", "Idempotency-Key: \"" + key + "\"")).readResponse());
			Exchange repeat = connection.send(post(job, "report", "Idempotency-Key: " + key)).readResponse();
			assertThat(repeat.header("Location")).isEqualTo(location);
		}
	}

	@Test
	void repeatThatWaitsGetsTheResultOnceDone() throws IOException {
		String job = Hold.newKey();
		String idempotencyKey = "Idempotency-Key: " + Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			Exchange first = connection.send(post(job, "report", idempotencyKey, "Prefer: wait=5")).readResponse();
			assertThat(first.status()).isEqualTo(200);
			assertThat(first.bodyText()).isEqualTo("ran report");
			Exchange repeat = connection.send(post(job, "report", idempotencyKey, "Prefer: wait=5")).readResponse();
			assertThat(repeat.status()).isEqualTo(200);
			assertThat(repeat.bodyText()).isEqualTo("ran report");
		}
		assertThat(runs(job)).isEqualTo(1);
	}

	@Test
	void sameKeyWithADifferentRequestIsRefusedWith422() throws IOException {
		String job = Hold.newKey();
		String idempotencyKey = "Idempotency-Key: " + Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			String location = Monitors.accepted(connection.send(post(job, "report", idempotencyKey)).readResponse());
			JsonNode problem = Monitors
				.problem(connection.send(post(job, "another report", idempotencyKey)).readResponse(), 422);
			assertThat(problem.get("type").asString()).isEqualTo(OperationResponses.IDEMPOTENCY_KEY_REUSED_TYPE);
			assertThat(problem.get("instance").asString()).isEqualTo("/jobs/once/" + job);
			Monitors.awaitDone(connection, location);
		}
		assertThat(runs(job)).isEqualTo(1);
	}

	@Test
	void sameKeyOnAnotherPathIsAnotherKey() throws IOException {
		String idempotencyKey = "Idempotency-Key: " + Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			String first = Monitors
				.accepted(connection.send(post(Hold.newKey(), "report", idempotencyKey)).readResponse());
			String second = Monitors
				.accepted(connection.send(post(Hold.newKey(), "report", idempotencyKey)).readResponse());
			assertThat(second).isNotEqualTo(first);
		}
	}

	@Test
	void repeatWhileTheFirstIsStillBeingAdmittedIsRefusedWith409() throws IOException {
		String job = Hold.newKey();
		String hold = Hold.newKey();
		String idempotencyKey = "Idempotency-Key: " + Hold.newKey();
		String admitted = RawHttpConnection.request("POST", "/jobs/admitted/" + job + "?hold=" + hold,
				"Content-Length: 0", idempotencyKey);
		try (RawHttpConnection first = connect(); RawHttpConnection repeat = connect()) {
			// The first request's arguments are being resolved.
			first.send(admitted);
			await().until(() -> Holds.isEntered(hold));
			JsonNode problem = Monitors.problem(repeat.send(admitted).readResponse(), 409);
			assertThat(problem.get("type").asString()).isEqualTo(OperationResponses.IDEMPOTENCY_KEY_IN_USE_TYPE);
			Holds.release(hold);
			String location = Monitors.accepted(first.readResponse());
			assertThat(repeat.send(admitted).readResponse().header("Location")).isEqualTo(location);
			Monitors.awaitDone(repeat, location);
		}
		assertThat(runs(job)).isEqualTo(1);
	}

	@Test
	void malformedKeysAreRefusedWith400() throws IOException {
		for (String[] fields : new String[][] { { "Idempotency-Key: " + "k".repeat(256) },
				{ "Idempotency-Key: \"open" }, { "Idempotency-Key: two words" }, { "Idempotency-Key: \"\"" },
				{ "Idempotency-Key: a", "Idempotency-Key: b" } }) {
			// Tomcat closes the connection after a 400.
			try (RawHttpConnection connection = connect()) {
				Exchange response = connection.send(post(Hold.newKey(), "report", fields)).readResponse();
				JsonNode problem = Monitors.problem(response, 400);
				assertThat(problem.get("type").asString())
					.isEqualTo(OperationResponses.IDEMPOTENCY_KEY_MALFORMED_TYPE);
			}
		}
		try (RawHttpConnection connection = connect()) {
			Monitors.accepted(connection.send(post(Hold.newKey(), "report", "Idempotency-Key: " + "k".repeat(255)))
				.readResponse());
		}
	}

	@Test
	void interimModeRequestWithAKeyRunsAsAnOperationThatARetryAfterADroppedConnectionAttachesTo()
			throws IOException {
		String job = Hold.newKey();
		String idempotencyKey = "Idempotency-Key: " + Hold.newKey();
		try (RawHttpConnection dropped = connect()) {
			dropped.send(RawHttpConnection.request("GET", "/interim/once/" + job, idempotencyKey));
			assertThat(dropped.readInterim().status()).isEqualTo(102);
			await().until(() -> Holds.isEntered(job));
		}
		try (RawHttpConnection retry = connect()) {
			retry.send(RawHttpConnection.request("GET", "/interim/once/" + job, idempotencyKey));
			assertThat(retry.readInterim().status()).isEqualTo(102);
			Holds.release(job);
			Exchange result = retry.readResponse();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.bodyText()).isEqualTo("ran once " + job);
		}
		assertThat(runs(job)).isEqualTo(1);
	}

	private static String post(String job, String body, String... fields) {
		String[] all = new String[fields.length + 2];
		System.arraycopy(fields, 0, all, 0, fields.length);
		all[fields.length] = "Content-Type: text/plain";
		all[fields.length + 1] = "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length;
		return RawHttpConnection.request("POST", "/jobs/once/" + job, all) + body;
	}

	private static int runs(String job) {
		AtomicInteger runs = AcceptedTestApplication.runs.get(job);
		return (runs != null) ? runs.get() : 0;
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port);
	}

}
