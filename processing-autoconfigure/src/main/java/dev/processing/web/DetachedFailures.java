package dev.processing.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.processing.accepted.OperationResponses;
import dev.processing.operation.OperationOutcome;
import dev.processing.operation.Operations;
import dev.processing.operation.StoredResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Turns the failure of detached work into the response the synchronous call would have had: what Spring MVC's
 * exception resolvers make of it, as a problem where they only set a status, or the generic failure where none
 * resolves it.
 */
final class DetachedFailures {

	private static final Log logger = LogFactory.getLog(DetachedFailures.class);

	private final Detacher detacher;

	DetachedFailures(Detacher detacher) {
		this.detacher = detacher;
	}

	OperationOutcome failure(String id, Exception ex, RequestSnapshot snapshot, HandlerMethod handler) {
		// As the DispatcherServlet does: an error response may have a content type the handler does not produce.
		snapshot.removeAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE);
		RecordingResponse recording = new RecordingResponse(this.detacher.maxResultSize());
		ModelAndView resolved = null;
		try {
			// In order, up to the first that resolves it; one that fails ends the search.
			resolved = this.detacher.exceptionResolver().resolveException(snapshot, recording, handler, ex);
		}
		catch (RuntimeException resolverFailure) {
			ex.addSuppressed(resolverFailure);
		}
		if (resolved == null) {
			logger.error("Operation " + Operations.shortId(id) + " failed in " + handler.getShortLogMessage(), ex);
			return OperationOutcome.failed(this.detacher.responses().unexpectedFailure());
		}
		if (recording.isOverflowed()) {
			return tooLarge(id, handler);
		}
		if (!recording.isErrorSent() && recording.hasBody()) {
			return OperationOutcome.failed(recording.toStoredResponse());
		}
		int status = (recording.getStatus() >= 400) ? recording.getStatus() : 500;
		ProblemDetail problem;
		if (ex instanceof ErrorResponse errorResponse) {
			problem = errorResponse.updateAndGetBody(this.detacher.messageSource(), LocaleContextHolder.getLocale());
		}
		else {
			problem = ProblemDetail.forStatus(status);
			problem.setDetail(recording.getErrorMessage());
		}
		problem.setStatus(status);
		if (status >= 500) {
			// Like Spring Boot's error handling, say nothing about what went wrong inside the server.
			problem.setDetail(null);
		}
		if (problem.getInstance() == null) {
			problem.setInstance(OperationResponses.instance(snapshot.getRequestURI()));
		}
		return OperationOutcome.failed(withHeaders(this.detacher.responses().problem(problem),
				recording.toStoredResponse()));
	}

	/**
	 * Add the header fields that exception resolvers set (such as {@code Allow} or {@code Retry-After}) to a problem
	 * response.
	 */
	private static StoredResponse withHeaders(StoredResponse problem, StoredResponse recorded) {
		Map<String, List<String>> headers = new LinkedHashMap<>(problem.headers());
		recorded.headers().forEach((name, values) -> {
			if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				headers.putIfAbsent(name, values);
			}
		});
		return new StoredResponse(problem.status(), headers, problem.body());
	}

	OperationOutcome tooLarge(String id, HandlerMethod handler) {
		logger.warn("Operation " + Operations.shortId(id) + " of " + handler.getShortLogMessage()
				+ " failed: its result is larger than processing.accepted.max-result-size ("
				+ this.detacher.maxResultSize() + " bytes)");
		return OperationOutcome.failed(this.detacher.responses().resultTooLarge(this.detacher.maxResultSize()));
	}

}
