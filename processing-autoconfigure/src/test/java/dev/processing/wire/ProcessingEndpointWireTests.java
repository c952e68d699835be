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
 * The {@code processing} Actuator endpoint, exposed over HTTP: the interim engine and the operations, newest first
 * and by status, one operation, and its cancellation.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=processing" })
class ProcessingEndpointWireTests {

	@LocalServerPort
	int port;

	@Test
	void listsShowsAndCancelsOperations() throws IOException {
		String key = Hold.newKey();
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			String done = Monitors.accepted(connection.send(RawHttpConnection.get("/jobs/quick")).readResponse());
			Monitors.awaitDone(connection, done);
			String running = Monitors
				.accepted(connection.send(RawHttpConnection.get("/jobs/cancelable/" + key)).readResponse());
			await().until(() -> Holds.isEntered(key));
			String runningId = running.substring("/operations/".length());

			JsonNode all = read(connection, "/actuator/processing");
			assertThat(all.get("interim").get("available").asBoolean()).isTrue();
			assertThat(all.get("instance").get("running").asInt()).isOne();
			JsonNode newest = all.get("operations").get(0);
			assertThat(newest.get("id").asString()).isEqualTo(runningId);
			assertThat(newest.get("status").asString()).isEqualTo("running");
			assertThat(newest.get("owned").asBoolean()).isFalse();
			assertThat(newest.has("result")).isFalse();

			JsonNode succeeded = read(connection, "/actuator/processing?status=succeeded&size=1");
			assertThat(succeeded.get("operations")).hasSize(1);
			assertThat(succeeded.get("operations").get(0).get("status").asString()).isEqualTo("succeeded");
			assertThat(succeeded.get("operations").get(0).get("resultStatus").asInt()).isEqualTo(200);

			assertThat(read(connection, "/actuator/processing/" + runningId).get("status").asString())
				.isEqualTo("running");
			Exchange canceled = connection
				.send(RawHttpConnection.request("DELETE", "/actuator/processing/" + runningId))
				.readResponse();
			assertThat(canceled.status()).isEqualTo(200);
			assertThat(Monitors.json(canceled).get("status").asString()).isEqualTo("canceled");
			await().until(() -> AcceptedTestApplication.interrupted.contains(key));
			assertThat(connection.send(RawHttpConnection.get("/actuator/processing/AAAAAAAAAAAAAAAAAAAAAA"))
				.readResponse()
				.status()).isEqualTo(404);
		}
	}

	private static JsonNode read(RawHttpConnection connection, String path) throws IOException {
		Exchange exchange = connection.send(RawHttpConnection.get(path)).readResponse();
		assertThat(exchange.status()).as(path).isEqualTo(200);
		return Monitors.json(exchange);
	}

}
