package dev.processing.wire;

import java.io.IOException;

import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operation submitted by an authenticated principal belongs to it: everyone else, anonymous clients included,
 * gets the same {@code 404 Not Found} as for an id that does not exist. One submitted anonymously belongs to nobody.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
				"processing.accepted.retry-after=2s" })
class OwnerIsolationWireTests {

	private static final String ALICE = Monitors.basic("alice", "a");

	private static final String BOB = Monitors.basic("bob", "b");

	private static final String[] ANONYMOUS = {};

	@LocalServerPort
	int port;

	@Test
	void onlyTheSubmittingPrincipalCanReadFetchOrDeleteItsOperation() throws IOException {
		String key = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			String location = Monitors.accepted(
					connection.send(RawHttpConnection.request("GET", "/owned/jobs/" + key, ALICE)).readResponse());
			await().until(() -> Holds.isEntered(key));
			String unknownDetail = Monitors
				.problem(connection.send(RawHttpConnection.get("/operations/AAAAAAAAAAAAAAAAAAAAAA")).readResponse(),
						404)
				.get("detail")
				.asString();
			assertThat(Monitors.monitor(connection, location, ALICE).get("status").asString()).isEqualTo("running");
			for (String[] stranger : new String[][] { { BOB }, ANONYMOUS }) {
				for (String request : new String[] { RawHttpConnection.request("GET", location, stranger),
						RawHttpConnection.request("GET", location + "/result", stranger),
						RawHttpConnection.request("DELETE", location, stranger) }) {
					JsonNode problem = Monitors.problem(connection.send(request).readResponse(), 404);
					assertThat(problem.get("detail").asString()).as(request).isEqualTo(unknownDetail);
				}
			}
			assertThat(Monitors.monitor(connection, location, ALICE).get("status").asString()).isEqualTo("running");
			Exchange notDone = connection.send(RawHttpConnection.request("GET", location + "/result", ALICE))
				.readResponse();
			assertThat(notDone.status()).isEqualTo(202);
			Holds.release(key);
			assertThat(Monitors.awaitDone(connection, location, ALICE).get("status").asString())
				.isEqualTo("succeeded");
			Monitors.problem(
					connection.send(RawHttpConnection.request("GET", location + "/result", BOB)).readResponse(), 404);
			Monitors.problem(connection.send(RawHttpConnection.get(location + "/result")).readResponse(), 404);
			Monitors.problem(connection.send(RawHttpConnection.request("DELETE", location, BOB)).readResponse(), 404);
			Monitors.problem(connection.send(RawHttpConnection.request("DELETE", location)).readResponse(), 404);
			Exchange result = connection.send(RawHttpConnection.request("GET", location + "/result", ALICE))
				.readResponse();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.bodyText()).isEqualTo("owned " + key);
			Exchange forgotten = connection.send(RawHttpConnection.request("DELETE", location, ALICE)).readResponse();
			assertThat(forgotten.status()).isEqualTo(204);
			Monitors.problem(connection.send(RawHttpConnection.request("GET", location, ALICE)).readResponse(), 404);
		}
	}

	@Test
	void strangersCannotCancelSomeoneElsesOperation() throws IOException {
		String key = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			String location = Monitors.accepted(
					connection.send(RawHttpConnection.request("GET", "/owned/jobs/" + key, ALICE)).readResponse());
			await().until(() -> Holds.isEntered(key));
			Monitors.problem(connection.send(RawHttpConnection.request("DELETE", location, BOB)).readResponse(), 404);
			Monitors.problem(connection.send(RawHttpConnection.request("DELETE", location)).readResponse(), 404);
			Holds.release(key);
			JsonNode monitor = Monitors.awaitDone(connection, location, ALICE);
			assertThat(monitor.get("status").asString()).isEqualTo("succeeded");
		}
	}

	@Test
	void operationSubmittedAnonymouslyIsReadableByAnyone() throws IOException {
		String key = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			String location = Monitors
				.accepted(connection.send(RawHttpConnection.get("/jobs/text/" + key)).readResponse());
			assertThat(Monitors.monitor(connection, location).get("done").asBoolean()).isFalse();
			assertThat(Monitors.monitor(connection, location, ALICE).get("done").asBoolean()).isFalse();
			assertThat(Monitors.monitor(connection, location, BOB).get("done").asBoolean()).isFalse();
			Holds.release(key);
			Monitors.awaitDone(connection, location);
			for (String[] anyone : new String[][] { ANONYMOUS, { ALICE }, { BOB } }) {
				Exchange result = connection.send(RawHttpConnection.request("GET", location + "/result", anyone))
					.readResponse();
				assertThat(result.status()).isEqualTo(200);
				assertThat(result.bodyText()).isEqualTo("text " + key);
			}
			assertThat(connection.send(RawHttpConnection.request("DELETE", location, BOB)).readResponse().status())
				.isEqualTo(204);
		}
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port);
	}

}
