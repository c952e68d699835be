package dev.processing.accepted;

import java.security.Principal;

import dev.processing.operation.Operation;
import dev.processing.operation.OperationStatus;
import dev.processing.operation.OperationStoreException;
import dev.processing.operation.Operations;
import dev.processing.operation.StoredResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The status monitor of {@code 202 Accepted} operations, as Spring MVC functional endpoints:
 * {@code GET {base}/{id}} shows an operation, {@code GET {base}/{id}/result} replays its result, and
 * {@code DELETE {base}/{id}} cancels it or, once it is done, forgets it.
 * <p>
 * An operation submitted by an authenticated principal is visible to that principal only; everyone else gets the
 * same {@code 404 Not Found} as for an id that does not exist.
 *
 * @since 0.1.0
 */
public class OperationEndpoint {

	private static final Log logger = LogFactory.getLog(OperationEndpoint.class);

	private final Operations operations;

	private final OperationResponses responses;

	/**
	 * Create an endpoint.
	 * @param operations the operations
	 * @param responses writes the responses
	 */
	public OperationEndpoint(Operations operations, OperationResponses responses) {
		this.operations = operations;
		this.responses = responses;
	}

	/**
	 * Return the routes of the endpoint under its base path.
	 * @return the routes
	 */
	public RouterFunction<ServerResponse> routes() {
		String base = this.responses.getBasePath();
		return RouterFunctions.route()
			.GET(base + "/{id}", guarded(this::monitor))
			.GET(base + "/{id}/result", guarded(this::result))
			.DELETE(base + "/{id}", guarded(this::delete))
			// Everything else under the base path is answered in the monitor's own terms too.
			.route(RequestPredicates.path(base + "/{id}"), (request) -> methodNotAllowed(request, "GET, DELETE"))
			.route(RequestPredicates.path(base + "/{id}/result"), (request) -> methodNotAllowed(request, "GET"))
			.route(RequestPredicates.path(base).or(RequestPredicates.path(base + "/**")), this::notFound)
			.build();
	}

	/**
	 * Answer a request that needs the store while it cannot be reached with a problem, and say so in one line.
	 */
	private HandlerFunction<ServerResponse> guarded(HandlerFunction<ServerResponse> handler) {
		return (request) -> {
			try {
				return handler.handle(request);
			}
			catch (OperationStoreException ex) {
				logger.warn("Answered " + request.method() + " " + request.requestPath().value() + " with 503: "
						+ ex.getMessage());
				return send(this.responses.storeUnavailable(request.requestPath().value()));
			}
		};
	}

	private ServerResponse monitor(ServerRequest request) {
		Operation operation = find(request);
		if (operation == null) {
			return notFound(request);
		}
		return send(this.responses.monitor(contextPath(request), operation));
	}

	private ServerResponse result(ServerRequest request) {
		Operation operation = find(request);
		if (operation == null) {
			return notFound(request);
		}
		if (operation.status() == OperationStatus.CANCELED) {
			return send(this.responses.canceled(request.requestPath().value()));
		}
		StoredResponse result = operation.result();
		if (result == null) {
			return send(this.responses.accepted(contextPath(request), operation));
		}
		return send(result);
	}

	private ServerResponse delete(ServerRequest request) {
		Operation operation = find(request);
		if (operation == null) {
			return notFound(request);
		}
		if (!operation.isDone()) {
			Operation canceled = this.operations.cancel(operation.id());
			if (canceled == null) {
				return notFound(request);
			}
			if (canceled.status() == OperationStatus.CANCELED) {
				return send(this.responses.monitor(contextPath(request), canceled));
			}
			if (!canceled.isDone()) {
				// It runs on another instance, which carries out the cancel when it next renews its leases.
				StoredResponse monitor = this.responses.monitor(contextPath(request), canceled);
				return send(new StoredResponse(HttpStatus.ACCEPTED.value(), monitor.headers(), monitor.body()));
			}
			// It finished just before the cancel: forget it, as for an operation that was done.
		}
		this.operations.forget(operation.id());
		return ServerResponse.status(HttpStatus.NO_CONTENT).build();
	}

	private @Nullable Operation find(ServerRequest request) {
		String principal = request.principal().map(Principal::getName).orElse(null);
		return this.operations.find(request.pathVariable("id"), principal);
	}

	private ServerResponse methodNotAllowed(ServerRequest request, String allowed) {
		StoredResponse problem = this.responses.problem(ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED,
				"Method " + request.method() + " is not supported here; " + allowed + " are."));
		return send(problem.withHeader(HttpHeaders.ALLOW, allowed));
	}

	private ServerResponse notFound(ServerRequest request) {
		return send(this.responses.notFound(request.requestPath().value()));
	}

	private static String contextPath(ServerRequest request) {
		return MappingPath.of(request.servletRequest());
	}

	private static ServerResponse send(StoredResponse stored) {
		return ServerResponse.status(stored.status()).build((request, response) -> {
			StoredResponseWriter.write(stored, response);
			return null;
		});
	}

}
