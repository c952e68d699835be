package dev.processing.accepted;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.processing.operation.FallbackResponses;
import dev.processing.operation.Operation;
import dev.processing.operation.OperationProgress;
import dev.processing.operation.StoredResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * Writes the responses of the {@code 202 Accepted} protocol: the status monitor, the answers that point to it, and
 * {@code application/problem+json} errors (RFC 9457).
 * <p>
 * These bodies are a protocol that clients program against, so they are written by a private {@link JsonMapper}
 * that the application's Jackson settings do not change.
 *
 * @since 0.1.0
 */
public class OperationResponses {

	/**
	 * The problem type of an operation whose instance stopped before it finished.
	 */
	public static final String INSTANCE_STOPPED_TYPE = "https://processing.dev/problems/instance-stopped";

	/**
	 * The {@code type} of the problem for a request that needs the operation store while it cannot be reached.
	 */
	public static final String STORE_UNAVAILABLE_TYPE = "https://processing.dev/problems/store-unavailable";

	/**
	 * The {@code type} of the problem for a malformed {@code Idempotency-Key}.
	 */
	public static final String IDEMPOTENCY_KEY_MALFORMED_TYPE = "https://processing.dev/problems/idempotency-key-malformed";

	/**
	 * The {@code type} of the problem for an {@code Idempotency-Key} whose first request is still being admitted.
	 */
	public static final String IDEMPOTENCY_KEY_IN_USE_TYPE = "https://processing.dev/problems/idempotency-key-in-use";

	/**
	 * The {@code type} of the problem for an {@code Idempotency-Key} used before with a different request.
	 */
	public static final String IDEMPOTENCY_KEY_REUSED_TYPE = "https://processing.dev/problems/idempotency-key-reused";

	private static final String GENERIC_FAILURE = "The operation failed.";

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Writes problem details as Spring MVC does, with Spring's own mix-in.
	 */
	private final JsonMapper problems = JsonMapper.builder()
		.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
		.build();

	private final String basePath;

	private final String retryAfter;

	/**
	 * Create an instance.
	 * @param basePath the path of the status monitors, under the servlet context path
	 * @param retryAfter how long clients should wait before they poll again, sent in whole seconds
	 */
	public OperationResponses(String basePath, Duration retryAfter) {
		this.basePath = basePath;
		this.retryAfter = Long.toString(wholeSeconds(retryAfter));
	}

	private static long wholeSeconds(Duration duration) {
		long seconds = duration.toSeconds() + ((duration.toNanosPart() > 0) ? 1 : 0);
		return Math.max(seconds, 1);
	}

	/**
	 * Return the path of an operation's status monitor.
	 * @param mappingPath where the {@code DispatcherServlet} maps handlers ({@link MappingPath#of})
	 * @param id the operation's id
	 * @return the path
	 */
	public String monitorPath(String mappingPath, String id) {
		return mappingPath + this.basePath + "/" + id;
	}

	/**
	 * Return the base path of the status monitors, under the servlet context path.
	 * @return the base path
	 */
	public String getBasePath() {
		return this.basePath;
	}

	/**
	 * Return the {@code 202 Accepted} answer to a request that submitted an operation, which is also the answer to
	 * a request for the result of an operation that is not done yet.
	 * @param mappingPath where the {@code DispatcherServlet} maps handlers ({@link MappingPath#of})
	 * @param operation the operation
	 * @return the response
	 */
	public StoredResponse accepted(String mappingPath, Operation operation) {
		Map<String, List<String>> headers = monitorHeaders(operation);
		headers.put(HttpHeaders.LOCATION, List.of(monitorPath(mappingPath, operation.id())));
		return new StoredResponse(HttpStatus.ACCEPTED.value(), headers, monitorBody(mappingPath, operation));
	}

	/**
	 * Return the status monitor of an operation.
	 * @param mappingPath where the {@code DispatcherServlet} maps handlers ({@link MappingPath#of})
	 * @param operation the operation
	 * @return the response
	 */
	public StoredResponse monitor(String mappingPath, Operation operation) {
		return new StoredResponse(HttpStatus.OK.value(), monitorHeaders(operation),
				monitorBody(mappingPath, operation));
	}

	private Map<String, List<String>> monitorHeaders(Operation operation) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put(HttpHeaders.CONTENT_TYPE, List.of(MediaType.APPLICATION_JSON_VALUE));
		headers.put(HttpHeaders.CACHE_CONTROL, List.of("no-store"));
		if (!operation.isDone()) {
			headers.put(HttpHeaders.RETRY_AFTER, List.of(this.retryAfter));
		}
		return headers;
	}

	private byte[] monitorBody(String mappingPath, Operation operation) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", operation.id());
		body.put("status", operation.status().value());
		body.put("done", operation.isDone());
		if (operation.cancelRequested() && !operation.isDone()) {
			body.put("cancelRequested", true);
		}
		body.put("createdAt", operation.createdAt().toString());
		body.put("updatedAt", operation.updatedAt().toString());
		if (operation.expiresAt() != null) {
			body.put("expiresAt", operation.expiresAt().toString());
		}
		OperationProgress progress = operation.progress();
		if (progress != null) {
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("percent", progress.percent());
			if (progress.message() != null) {
				fields.put("message", progress.message());
			}
			body.put("progress", fields);
		}
		if (operation.result() != null) {
			body.put("resultLocation", monitorPath(mappingPath, operation.id()) + "/result");
		}
		return this.json.writeValueAsBytes(body);
	}

	/**
	 * Return a problem response.
	 * @param problem the problem
	 * @return the response, {@code application/problem+json}
	 */
	public StoredResponse problem(ProblemDetail problem) {
		if (problem.getType() == null) {
			// RFC 9457 §4.2.1: a problem without a type is "about:blank"; say so, as clients match on the type.
			problem.setType(ABOUT_BLANK);
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put(HttpHeaders.CONTENT_TYPE, List.of(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
		return new StoredResponse(problem.getStatus(), headers, this.problems.writeValueAsBytes(problem));
	}

	/**
	 * Return the {@code 404 Not Found} problem for an id that is unknown, expired, malformed or someone else's.
	 * @param path the path the client asked for
	 * @return the response
	 */
	public StoredResponse notFound(String path) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"There is no operation with this id, or it has expired.");
		problem.setInstance(instance(path));
		return problem(problem);
	}

	/**
	 * Return the {@code 409 Conflict} problem for the result of a canceled operation.
	 * @param path the path the client asked for
	 * @return the response
	 */
	public StoredResponse canceled(String path) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The operation was canceled, so it has no result.");
		problem.setInstance(instance(path));
		return problem(problem);
	}

	/**
	 * Return the {@code 503 Service Unavailable} problem for an operation that cannot be accepted now.
	 * @param untilRoom how long until the server is known to have room, or {@code null} if that is not known
	 * @return the response, with a {@code Retry-After} of that long, or of the usual poll interval if it is not known
	 */
	public StoredResponse unavailable(@Nullable Duration untilRoom) {
		StoredResponse problem = problem(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The server has as many operations as it can take; try again later."));
		return problem.withHeader(HttpHeaders.RETRY_AFTER,
				(untilRoom != null) ? Long.toString(wholeSeconds(untilRoom)) : this.retryAfter);
	}

	/**
	 * Return the {@code 503 Service Unavailable} problem that an operation ends with when the instance running it
	 * stopped before it finished; its type is {@value #INSTANCE_STOPPED_TYPE}.
	 * @return the response
	 */
	public StoredResponse instanceStopped() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The instance running the operation stopped before it finished; submit it again.");
		problem.setType(URI.create(INSTANCE_STOPPED_TYPE));
		problem.setTitle("Instance stopped");
		return problem(problem);
	}

	/**
	 * Return the {@code 503 Service Unavailable} problem for a request that needs the operation store while it
	 * cannot be reached; its type is {@value #STORE_UNAVAILABLE_TYPE}.
	 * @param path the path the client asked for
	 * @return the response, with a {@code Retry-After} of the usual poll interval
	 */
	public StoredResponse storeUnavailable(String path) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The operations cannot be reached now; try again later.");
		problem.setType(URI.create(STORE_UNAVAILABLE_TYPE));
		problem.setTitle("Operations unavailable");
		problem.setInstance(instance(path));
		return problem(problem).withHeader(HttpHeaders.RETRY_AFTER, this.retryAfter);
	}

	/**
	 * Return the {@code 400 Bad Request} problem for a malformed {@code Idempotency-Key}; its type is
	 * {@value #IDEMPOTENCY_KEY_MALFORMED_TYPE}.
	 * @param path the path the client asked for
	 * @param detail what is wrong with the key
	 * @return the response
	 */
	public StoredResponse idempotencyKeyMalformed(String path, String detail) {
		return idempotencyProblem(HttpStatus.BAD_REQUEST, IDEMPOTENCY_KEY_MALFORMED_TYPE, "Malformed Idempotency-Key",
				detail, path);
	}

	/**
	 * Return the {@code 409 Conflict} problem for a request whose {@code Idempotency-Key} another request, still
	 * being admitted, already uses; its type is {@value #IDEMPOTENCY_KEY_IN_USE_TYPE}.
	 * @param path the path the client asked for
	 * @return the response, with a {@code Retry-After}
	 */
	public StoredResponse idempotencyKeyInUse(String path) {
		StoredResponse problem = idempotencyProblem(HttpStatus.CONFLICT, IDEMPOTENCY_KEY_IN_USE_TYPE,
				"Idempotency-Key in use",
				"A request with this Idempotency-Key is still being admitted; repeat this one once it is answered.",
				path);
		return problem.withHeader(HttpHeaders.RETRY_AFTER, "1");
	}

	/**
	 * Return the {@code 422 Unprocessable Content} problem for an {@code Idempotency-Key} that was sent before with
	 * a different request; its type is {@value #IDEMPOTENCY_KEY_REUSED_TYPE}.
	 * @param path the path the client asked for
	 * @return the response
	 */
	public StoredResponse idempotencyKeyReused(String path) {
		return idempotencyProblem(HttpStatus.UNPROCESSABLE_CONTENT, IDEMPOTENCY_KEY_REUSED_TYPE,
				"Idempotency-Key reused",
				"This Idempotency-Key was sent before with a different request; use a new key for a new request.",
				path);
	}

	private StoredResponse idempotencyProblem(HttpStatus status, String type, String title, String detail,
			String path) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(type));
		problem.setTitle(title);
		problem.setInstance(instance(path));
		return problem(problem);
	}

	/**
	 * Return the results of work that cannot say how it ended.
	 * @return the responses
	 */
	public FallbackResponses fallbacks() {
		return new FallbackResponses(unexpectedFailure(), instanceStopped());
	}

	/**
	 * Return a request path as the {@code instance} of a problem.
	 * @param path the path, as the client sent it
	 * @return the path as a URI reference, or {@code null} if it is not one (a server with relaxed path characters
	 * lets some through)
	 */
	public static @Nullable URI instance(String path) {
		try {
			return new URI(path);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * Return the {@code 500 Internal Server Error} problem for a failure nothing else describes; it says nothing
	 * about the failure.
	 * @return the response
	 */
	public StoredResponse unexpectedFailure() {
		return problem(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, GENERIC_FAILURE));
	}

	/**
	 * Return the {@code 500 Internal Server Error} problem for a result larger than the server keeps.
	 * @param limit the largest result kept, in bytes
	 * @return the response
	 */
	public StoredResponse resultTooLarge(long limit) {
		return problem(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The result of the operation is larger than the " + limit + " bytes the server keeps for a result."));
	}

}
