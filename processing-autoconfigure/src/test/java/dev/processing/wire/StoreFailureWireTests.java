package dev.processing.wire;

import java.io.IOException;

import javax.sql.DataSource;

import dev.processing.accepted.OperationResponses;
import dev.processing.autoconfigure.JdbcOperationStoreSchemaInitializer;
import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that fails while the application runs: the requests that need it get a {@code 503} problem, the log gets
 * one line each and no stack trace, and all is well again once the store is back.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.accepted.store.type=jdbc", "spring.datasource.generate-unique-name=true",
				"management.endpoint.health.show-components=always" })
@ExtendWith(OutputCaptureExtension.class)
class StoreFailureWireTests {

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcOperationStoreSchemaInitializer schema;

	@Test
	void requestsThatNeedAStoreThatFailsGetAProblemAndTheLogNoStackTrace(CapturedOutput output) throws IOException {
		String location;
		try (RawHttpConnection connection = connect()) {
			location = Monitors.accepted(connection.send(RawHttpConnection.get("/jobs/quick")).readResponse());
			Monitors.awaitDone(connection, location);
			Exchange health = connection.send(RawHttpConnection.get("/actuator/health")).readResponse();
			assertThat(Monitors.json(health).get("components").get("processingStore").get("status").asString())
				.isEqualTo("UP");
		}
		JdbcClient.create(this.dataSource).sql("DROP TABLE PROCESSING_OPERATIONS").update();
		int before = output.length();
		// Tomcat closes the connection after a 503.
		assertStoreUnavailable(RawHttpConnection.get(location), location);
		assertStoreUnavailable(RawHttpConnection.get(location + "/result"), location + "/result");
		assertStoreUnavailable(RawHttpConnection.request("DELETE", location), location);
		assertStoreUnavailable(RawHttpConnection.get("/jobs/quick"), "/jobs/quick");
		String logged = output.toString().substring(before);
		assertThat(logged).contains("Answered GET " + location + " with 503", "Answered GET /jobs/quick with 503")
			.doesNotContain("\tat ");
		this.schema.initializeDatabase();
		try (RawHttpConnection connection = connect()) {
			Monitors.problem(connection.send(RawHttpConnection.get(location)).readResponse(), 404);
			Monitors.accepted(connection.send(RawHttpConnection.get("/jobs/quick")).readResponse());
		}
	}

	private void assertStoreUnavailable(String request, String path) throws IOException {
		try (RawHttpConnection connection = connect()) {
			Exchange exchange = connection.send(request).readResponse();
			JsonNode problem = Monitors.problem(exchange, 503);
			assertThat(problem.get("type").asString()).isEqualTo(OperationResponses.STORE_UNAVAILABLE_TYPE);
			assertThat(problem.get("instance").asString()).isEqualTo(path);
			assertThat(exchange.header("Retry-After")).isNotNull();
		}
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port);
	}

}
