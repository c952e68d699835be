package dev.processing.wire;

import java.io.IOException;
import java.util.List;

import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document that springdoc serves describes what {@code @LongRunning} operations may answer, and the
 * status monitor.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class OpenApiWireTests {

	@LocalServerPort
	int port;

	private JsonNode document;

	@BeforeEach
	void readDocument() throws IOException {
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			Exchange exchange = connection.send(RawHttpConnection.get("/v3/api-docs")).readResponse();
			assertThat(exchange.status()).isEqualTo(200);
			this.document = Monitors.json(exchange);
		}
	}

	@Test
	void acceptedOperationAnswers202WithItsMonitor() {
		JsonNode operation = this.document.at("/paths/~1jobs~1report/post");
		assertThat(headerParameters(operation)).contains("Prefer", "Idempotency-Key");
		assertThat(operation.at("/parameters").valueStream().map((parameter) -> parameter.get("name").asString()))
			.as("the Progress argument is no parameter")
			.doesNotContain("progress");
		JsonNode accepted = operation.at("/responses/202");
		assertThat(accepted.at("/headers").propertyNames()).contains("Location", "Retry-After", "Preference-Applied");
		assertThat(accepted.at("/content/application~1json/schema/$ref").asString())
			.isEqualTo("#/components/schemas/OperationMonitor");
		JsonNode unavailable = operation.at("/responses/503");
		assertThat(unavailable.at("/headers").propertyNames()).contains("Retry-After");
		assertThat(unavailable.at("/content/application~1problem+json/schema/$ref").asString())
			.isEqualTo("#/components/schemas/ProblemDetail");
		assertThat(operation.at("/x-ms-long-running-operation").asBoolean()).isTrue();
		assertThat(operation.at("/x-ms-long-running-operation-options/final-state-via").asString())
			.isEqualTo("location");
		assertThat(operation.at("/responses/200").isMissingNode()).isFalse();
	}

	@Test
	void interimOperationMayAnswer202OnPreferRespondAsync() {
		JsonNode operation = this.document.at("/paths/~1interim~1once~1{key}/get");
		assertThat(headerParameters(operation)).contains("Prefer", "Idempotency-Key");
		assertThat(operation.at("/responses/200").isMissingNode()).isFalse();
		assertThat(operation.at("/responses/202/description").asString()).contains("Prefer: respond-async");
		assertThat(operation.at("/responses/202/headers").propertyNames()).contains("Location", "Retry-After");
		assertThat(operation.at("/responses/503").isMissingNode()).isFalse();
		assertThat(operation.at("/x-ms-long-running-operation").asBoolean()).isTrue();
	}

	@Test
	void requestBoundOperationKeepsInterimResponsesOnly() {
		JsonNode operation = this.document.at("/paths/~1raw~1{key}/get");
		assertThat(headerParameters(operation)).contains("Prefer").doesNotContain("Idempotency-Key");
		assertThat(operation.at("/responses/202").isMissingNode()).isTrue();
		assertThat(operation.has("x-ms-long-running-operation")).isFalse();
	}

	@Test
	void operationWithoutLongRunningIsLeftAlone() {
		JsonNode operation = this.document.at("/paths/~1plain/get");
		assertThat(operation.isMissingNode()).isFalse();
		assertThat(headerParameters(operation)).doesNotContain("Prefer", "Idempotency-Key");
		assertThat(operation.at("/responses/202").isMissingNode()).isTrue();
		assertThat(operation.has("x-ms-long-running-operation")).isFalse();
	}

	@Test
	void monitorEndpointsAreDocumented() {
		JsonNode monitor = this.document.at("/paths/~1operations~1{id}");
		assertThat(monitor.propertyNames()).contains("get", "delete");
		assertThat(monitor.at("/get/responses/200/content/application~1json/schema/$ref").asString())
			.isEqualTo("#/components/schemas/OperationMonitor");
		assertThat(monitor.at("/get/responses/404/content/application~1problem+json/schema/$ref").asString())
			.isEqualTo("#/components/schemas/ProblemDetail");
		assertThat(monitor.at("/delete/responses").propertyNames()).contains("200", "202", "204", "404", "503");
		JsonNode result = this.document.at("/paths/~1operations~1{id}~1result/get");
		assertThat(result.at("/responses").propertyNames()).contains("200", "202", "404", "409", "503");
		assertThat(result.at("/parameters/0/name").asString()).isEqualTo("id");
		JsonNode schema = this.document.at("/components/schemas/OperationMonitor");
		assertThat(schema.at("/properties").propertyNames()).contains("id", "status", "done", "cancelRequested",
				"createdAt", "updatedAt", "expiresAt", "progress", "resultLocation");
		assertThat(schema.at("/properties/status/enum").valueStream().map(JsonNode::asString))
			.containsExactly("queued", "running", "succeeded", "failed", "canceled");
		assertThat(schema.at("/properties/progress/properties").propertyNames()).contains("percent", "message");
	}

	private static List<String> headerParameters(JsonNode operation) {
		assertThat(operation.isMissingNode()).isFalse();
		return operation.at("/parameters")
			.valueStream()
			.filter((parameter) -> "header".equals(parameter.get("in").asString()))
			.map((parameter) -> parameter.get("name").asString())
			.toList();
	}

}
