package dev.processing.wire;

import java.io.IOException;

import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The detached work of an operation runs with the submitting request's security context, locale and MDC, even when
 * it reads them after that request has been answered; the next operation on the same worker gets none of them.
 * Request-scoped beans are the exception: they end with the submitting request, and the work gets its own.
 * One worker runs the operations, so that both run on the same thread.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
				"processing.accepted.retry-after=2s", "processing.accepted.max-concurrent=1" })
class ContextPropagationWireTests {

	private static final String ALICE = Monitors.basic("alice", "a");

	@LocalServerPort
	int port;

	@Test
	void detachedWorkSeesTheSubmittersPrincipalLocaleAndMdcAfterTheSubmissionWasAnswered() throws IOException {
		String key = Hold.newKey();
		String trace = "trace-" + key;
		try (RawHttpConnection connection = connect()) {
			String location = Monitors.accepted(connection
				.send(RawHttpConnection.request("GET", "/jobs/context/" + key + "?hold=true", ALICE,
						"Accept-Language: de-DE", "X-Trace: " + trace))
				.readResponse());
			await().until(() -> Holds.isEntered(key));
			// The connection serves another request: the submitting one is over and Tomcat has recycled it.
			assertThat(Monitors.monitor(connection, location, ALICE).get("status").asString()).isEqualTo("running");
			Holds.release(key);
			assertThat(Monitors.awaitDone(connection, location, ALICE).get("status").asString())
				.isEqualTo("succeeded");
		}
		assertThat(AcceptedTestApplication.seen.get(key))
			.matches("alice de-DE " + trace + " processing-operation-\\d+");
	}

	@Test
	void nextOperationOnTheSameWorkerRunsWithoutThePreviousSubmittersContext() throws IOException {
		String first = Hold.newKey();
		String second = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			String firstLocation = Monitors.accepted(connection
				.send(RawHttpConnection.request("GET", "/jobs/context/" + first, ALICE, "Accept-Language: de-DE",
						"X-Trace: trace-" + first))
				.readResponse());
			assertThat(Monitors.awaitDone(connection, firstLocation, ALICE).get("status").asString())
				.isEqualTo("succeeded");
			String secondLocation = Monitors.accepted(connection
				.send(RawHttpConnection.request("GET", "/jobs/context/" + second, "Accept-Language: fr-FR"))
				.readResponse());
			assertThat(Monitors.awaitDone(connection, secondLocation).get("status").asString())
				.isEqualTo("succeeded");
		}
		String[] firstSaw = AcceptedTestApplication.seen.get(first).split(" ");
		String[] secondSaw = AcceptedTestApplication.seen.get(second).split(" ");
		assertThat(firstSaw[0]).isEqualTo("alice");
		assertThat(firstSaw[2]).isEqualTo("trace-" + first);
		// Same worker thread, none of the previous submitter's context: Spring Security's anonymous user instead.
		assertThat(secondSaw[3]).isEqualTo(firstSaw[3]);
		assertThat(secondSaw[0]).isEqualTo("anonymousUser");
		assertThat(secondSaw[1]).isNotEqualTo("de-DE");
		assertThat(secondSaw[2]).isEqualTo("null");
	}

	@Test
	void detachedWorkGetsRequestScopedBeansOfItsOwnWhichEndOnlyOnceTheWorkIsDone() throws IOException {
		String key = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			String location = Monitors
				.accepted(connection.send(RawHttpConnection.get("/visits/" + key)).readResponse());
			await().until(() -> Holds.isEntered(key));
			String submitting = AcceptedTestApplication.submittingVisits.get(key);
			String working = AcceptedTestApplication.workingVisits.get(key);
			assertThat(submitting).isNotNull();
			assertThat(working).isNotNull().isNotEqualTo(submitting);
			// The submitting request's bean ends with that request, while the work goes on with its own.
			await().until(() -> AcceptedTestApplication.endedVisits.contains(submitting));
			assertThat(Monitors.monitor(connection, location).get("status").asString()).isEqualTo("running");
			assertThat(AcceptedTestApplication.endedVisits).doesNotContain(working);
			Holds.release(key);
			assertThat(Monitors.awaitDone(connection, location).get("status").asString()).isEqualTo("succeeded");
			assertThat(AcceptedTestApplication.endedVisits).contains(working);
			Exchange result = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.bodyText()).isEqualTo(working);
		}
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port);
	}

}
