package dev.processing.openapi;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.processing.operation.OperationStatus;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;

import org.springframework.http.HttpHeaders;

/**
 * The pieces of the {@code 202 Accepted} protocol that operations and the status monitor share in an OpenAPI
 * document: the monitor and problem schemas, header fields and responses.
 */
final class ProtocolSchemas {

	/**
	 * The name of the status monitor's schema in the document's components.
	 */
	static final String MONITOR = "OperationMonitor";

	/**
	 * The name of the problem schema (RFC 9457) in the document's components.
	 */
	static final String PROBLEM = "ProblemDetail";

	static final String MONITOR_REF = "#/components/schemas/" + MONITOR;

	static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

	private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private ProtocolSchemas() {
	}

	/**
	 * Return the schemas that the responses refer to, by name.
	 */
	static Map<String, Schema<?>> components() {
		Map<String, Schema<?>> schemas = new LinkedHashMap<>();
		schemas.put(MONITOR, monitor());
		schemas.put(PROBLEM, problem());
		return schemas;
	}

	private static Schema<?> monitor() {
		Schema<?> progress = typed("object").description("The latest progress report.")
			.addProperty("percent",
					typed("integer").minimum(BigDecimal.ZERO)
						.maximum(BigDecimal.valueOf(100))
						.description("How much of the work is done, 0 to 100."))
			.addProperty("message", typed("string").description("What the work is doing, if it said."))
			.required(List.of("percent"));
		Schema<String> status = cast(typed("string"));
		status.setEnum(Arrays.stream(OperationStatus.values()).map(OperationStatus::value).toList());
		status.description("Where the operation is in its life; the last three are final.");
		return typed("object").description("The status monitor of an operation that runs detached from its request.")
			.addProperty("id", typed("string").description("The operation's id, 22 URL-safe characters."))
			.addProperty("status", status)
			.addProperty("done", typed("boolean").description("Whether the status is final."))
			.addProperty("cancelRequested", typed("boolean")
				.description("Present while a cancel waits for the instance that runs the operation."))
			.addProperty("createdAt", instant("When the operation was accepted."))
			.addProperty("updatedAt", instant("When the operation last changed."))
			.addProperty("expiresAt", instant("When the operation and its result are removed; once done."))
			.addProperty("progress", progress)
			.addProperty("resultLocation", typed("string").format("uri-reference")
				.description("Where to fetch the result; once succeeded or failed."))
			.required(List.of("id", "status", "done", "createdAt", "updatedAt"));
	}

	private static Schema<?> problem() {
		return typed("object").description("A problem detail (RFC 9457).")
			.addProperty("type", typed("string").format("uri-reference")
				.description("Identifies the kind of problem; about:blank when the status says it all."))
			.addProperty("title", typed("string").description("A short summary of the kind of problem."))
			.addProperty("status", typed("integer").description("The HTTP status code."))
			.addProperty("detail", typed("string").description("What happened in this occurrence."))
			.addProperty("instance", typed("string").format("uri-reference")
				.description("The request path the problem occurred on."));
	}

	private static Schema<?> instant(String description) {
		return typed("string").format("date-time").description(description);
	}

	/**
	 * Return a schema of the given JSON type, as both OpenAPI 3.0 ({@code type}) and 3.1 ({@code types}) read it.
	 */
	static Schema<?> typed(String type) {
		Schema<?> schema = new Schema<>();
		schema.setType(type);
		schema.addType(type);
		return schema;
	}

	@SuppressWarnings("unchecked")
	private static <T> Schema<T> cast(Schema<?> schema) {
		return (Schema<T>) schema;
	}

	/**
	 * Return a reference to a schema of the components.
	 */
	static Schema<?> ref(String ref) {
		return new Schema<>().$ref(ref);
	}

	/**
	 * Return a response with the status monitor as its JSON body.
	 */
	static ApiResponse monitorResponse(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(JSON, new MediaType().schema(ref(MONITOR_REF))));
	}

	/**
	 * Return a response with a problem as its body.
	 */
	static ApiResponse problemResponse(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(ref(PROBLEM_REF))));
	}

	/**
	 * Return the {@code 202 Accepted} answer of a submission or of a result that is not ready.
	 * @param preferenceApplied whether the response may say {@code Preference-Applied: respond-async}
	 */
	static ApiResponse accepted(String description, boolean preferenceApplied) {
		ApiResponse response = monitorResponse(description)
			.addHeaderObject(HttpHeaders.LOCATION, location())
			.addHeaderObject(HttpHeaders.RETRY_AFTER, retryAfter("How many seconds to wait before polling."));
		if (preferenceApplied) {
			response.addHeaderObject("Preference-Applied", new Header()
				.description("respond-async, when the request asked for it with Prefer.")
				.schema(typed("string")));
		}
		return response;
	}

	/**
	 * Return the {@code 503 Service Unavailable} answer when there is no room for an operation or no store.
	 */
	static ApiResponse unavailable() {
		return problemResponse("No room for another operation, or the operations cannot be reached; try again later.")
			.addHeaderObject(HttpHeaders.RETRY_AFTER, retryAfter("How many seconds to wait before trying again."));
	}

	static Header location() {
		return new Header().description("The status monitor of the operation.")
			.required(true)
			.schema(typed("string").format("uri-reference"));
	}

	static Header retryAfter(String description) {
		return new Header().description(description).schema(typed("integer").minimum(BigDecimal.ZERO));
	}

}
