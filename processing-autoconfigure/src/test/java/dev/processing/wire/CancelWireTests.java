package dev.processing.wire;

import java.io.IOException;
import java.util.concurrent.ThreadPoolExecutor;

import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code DELETE} on a status monitor cancels an operation that is not done, interrupting its work, and forgets one
 * that is. One worker runs the operations, so that a second one waits in the queue.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
				"processing.accepted.retry-after=2s", "processing.accepted.max-concurrent=1" })
class CancelWireTests {

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("processing")
	ThreadPoolTaskExecutor executor;

	@Test
	void cancelInterruptsTheRunningWorkWhichThenHasNoResultAndIsForgottenOnTheNextDelete() throws IOException {
		String key = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			String location = Monitors
				.accepted(connection.send(RawHttpConnection.get("/jobs/cancelable/" + key)).readResponse());
			await().until(() -> Holds.isEntered(key));
			Exchange canceled = connection.send(RawHttpConnection.request("DELETE", location)).readResponse();
			assertThat(canceled.status()).isEqualTo(200);
			assertThat(canceled.header("Content-Type")).isEqualTo("application/json");
			assertThat(canceled.header("Cache-Control")).isEqualTo("no-store");
			assertThat(canceled.header("Retry-After")).isNull();
			JsonNode monitor = Monitors.json(canceled);
			assertThat(monitor.get("id").asString()).isEqualTo(location.substring("/operations/".length()));
			assertThat(monitor.get("status").asString()).isEqualTo("canceled");
			assertThat(monitor.get("done").asBoolean()).isTrue();
			assertThat(monitor.has("resultLocation")).isFalse();
			await().until(() -> AcceptedTestApplication.interrupted.contains(key));
			awaitIdleWorkers();
			// The interrupted work returned a value: it must not turn the canceled operation into a succeeded one.
			assertThat(Monitors.monitor(connection, location).get("status").asString()).isEqualTo("canceled");
			JsonNode problem = Monitors
				.problem(connection.send(RawHttpConnection.get(location + "/result")).readResponse(), 409);
			assertThat(problem.get("detail").asString()).contains("canceled");
			Exchange forgotten = connection.send(RawHttpConnection.request("DELETE", location)).readResponse();
			assertThat(forgotten.status()).isEqualTo(204);
			assertThat(forgotten.body()).isEmpty();
			Monitors.problem(connection.send(RawHttpConnection.get(location)).readResponse(), 404);
			Monitors.problem(connection.send(RawHttpConnection.get(location + "/result")).readResponse(), 404);
			Monitors.problem(connection.send(RawHttpConnection.request("DELETE", location)).readResponse(), 404);
		}
	}

	@Test
	void canceledOperationThatWaitedInTheQueueNeverRuns() throws IOException {
		String running = Hold.newKey();
		String queued = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			String first = Monitors
				.accepted(connection.send(RawHttpConnection.get("/jobs/text/" + running)).readResponse());
			await().until(() -> Holds.isEntered(running));
			String second = Monitors
				.accepted(connection.send(RawHttpConnection.get("/jobs/cancelable/" + queued)).readResponse());
			assertThat(Monitors.monitor(connection, second).get("status").asString()).isEqualTo("queued");
			Exchange canceled = connection.send(RawHttpConnection.request("DELETE", second)).readResponse();
			assertThat(canceled.status()).isEqualTo(200);
			assertThat(Monitors.json(canceled).get("status").asString()).isEqualTo("canceled");
			Holds.release(running);
			assertThat(Monitors.awaitDone(connection, first).get("status").asString()).isEqualTo("succeeded");
			awaitIdleWorkers();
			assertThat(Holds.isEntered(queued)).isFalse();
			assertThat(Monitors.monitor(connection, second).get("status").asString()).isEqualTo("canceled");
			Monitors.problem(connection.send(RawHttpConnection.get(second + "/result")).readResponse(), 409);
			assertThat(connection.send(RawHttpConnection.get(first + "/result")).readResponse().bodyText())
				.isEqualTo("text " + running);
		}
	}

	@Test
	void deleteForgetsAnOperationThatIsDone() throws IOException {
		try (RawHttpConnection connection = connect()) {
			String location = Monitors.accepted(connection.send(RawHttpConnection.get("/jobs/quick")).readResponse());
			assertThat(Monitors.awaitDone(connection, location).get("status").asString()).isEqualTo("succeeded");
			Exchange forgotten = connection.send(RawHttpConnection.request("DELETE", location)).readResponse();
			assertThat(forgotten.status()).isEqualTo(204);
			Monitors.problem(connection.send(RawHttpConnection.get(location)).readResponse(), 404);
			Monitors.problem(connection.send(RawHttpConnection.get(location + "/result")).readResponse(), 404);
		}
	}

	/**
	 * Wait until the worker has finished every task it was given, the canceled ones included.
	 */
	private void awaitIdleWorkers() {
		ThreadPoolExecutor pool = this.executor.getThreadPoolExecutor();
		await().until(() -> pool.getCompletedTaskCount() == pool.getTaskCount());
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port);
	}

}
