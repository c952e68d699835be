package dev.processing.web;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.processing.accepted.MappingPath;
import dev.processing.operation.Operation;
import dev.processing.operation.OperationCapacityException;
import dev.processing.operation.OperationHandle;
import dev.processing.operation.OperationOutcome;
import dev.processing.accepted.OperationResponses;
import dev.processing.operation.Operations;
import dev.processing.operation.StoredResponse;
import dev.processing.accepted.StoredResponseWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.i18n.SimpleTimeZoneAwareLocaleContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.validation.method.MethodValidator;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod;

/**
 * Invokes a handler method as a {@code 202 Accepted} operation: resolves its arguments on the request as usual,
 * runs the method body detached, and records its result (or the error response Spring MVC's exception resolvers
 * make of its failure) the way the synchronous call would have written it.
 *
 * @since 0.1.0
 */
final class DetachedHandlerMethod extends ServletInvocableHandlerMethod {

	private static final Log logger = LogFactory.getLog(DetachedHandlerMethod.class);

	private final Detacher detacher;

	private @Nullable HandlerMethodReturnValueHandlerComposite returnValueHandlers;

	private @Nullable MethodValidator methodValidator;

	private volatile boolean resolvingOnly;

	private @Nullable Object @Nullable [] arguments;

	DetachedHandlerMethod(HandlerMethod handlerMethod, Detacher detacher) {
		super(handlerMethod);
		this.detacher = detacher;
	}

	@Override
	public void setHandlerMethodReturnValueHandlers(HandlerMethodReturnValueHandlerComposite returnValueHandlers) {
		super.setHandlerMethodReturnValueHandlers(returnValueHandlers);
		this.returnValueHandlers = returnValueHandlers;
	}

	@Override
	public void setMethodValidator(@Nullable MethodValidator methodValidator) {
		super.setMethodValidator(methodValidator);
		this.methodValidator = methodValidator;
	}

	@Override
	public boolean shouldValidateReturnValue() {
		// The return value is validated when the detached invocation returns it, not when the arguments are resolved.
		return !this.resolvingOnly && super.shouldValidateReturnValue();
	}

	@Override
	protected @Nullable Object doInvoke(@Nullable Object... args) throws Exception {
		if (this.resolvingOnly) {
			this.arguments = args;
			return null;
		}
		return super.doInvoke(args);
	}

	@Override
	public void invokeAndHandle(ServletWebRequest webRequest, ModelAndViewContainer mavContainer,
			@Nullable Object... providedArgs) throws Exception {
		HttpServletRequest request = webRequest.getRequest();
		HttpServletResponse response = webRequest.getResponse();
		Assert.state(response != null, "No response");
		LongRunningRequest longRunning = LongRunningRequest.of(request);
		Assert.state(longRunning != null, "Not a long-running request");
		// Resolve and validate the arguments here, so that a bad request is answered at once.
		this.resolvingOnly = true;
		try {
			invokeForRequest(webRequest, mavContainer, providedArgs);
		}
		finally {
			this.resolvingOnly = false;
		}
		@Nullable Object[] args = this.arguments;
		mavContainer.setRequestHandled(true);
		RequestSnapshot snapshot = RequestSnapshot.of(request);
		// Resolve the locale now: the request's own locale context reads the request, which is recycled soon.
		LocaleContext localeContext = new SimpleTimeZoneAwareLocaleContext(LocaleContextHolder.getLocale(),
				LocaleContextHolder.getTimeZone());
		Principal principal = request.getUserPrincipal();
		String owner = (principal != null) ? principal.getName() : null;
		Operation operation;
		try {
			operation = this.detacher.operations()
				.submit(owner, null, (handle) -> run(handle, args, snapshot, localeContext, longRunning.progress()));
		}
		catch (OperationCapacityException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Cannot accept an operation for " + getShortLogMessage() + ": " + ex.getMessage());
			}
			StoredResponseWriter.write(this.detacher.responses().unavailable(ex.getUntilRoom()), response);
			return;
		}
		if (!longRunning.waitTime().isZero()) {
			Operation finished = this.detacher.operations().await(operation.id(), longRunning.waitTime());
			if (finished != null && finished.result() != null) {
				// The client preferred to wait and the result came in time: answer as the synchronous call would.
				this.detacher.operations().forget(operation.id());
				StoredResponseWriter.write(finished.result(), response);
				return;
			}
			Operation current = this.detacher.operations().find(operation.id(), owner);
			operation = (current != null) ? current : operation;
		}
		if (longRunning.respondAsyncApplied()) {
			response.addHeader("Preference-Applied", "respond-async");
		}
		StoredResponseWriter.write(this.detacher.responses().accepted(MappingPath.of(request), operation), response);
	}

	private OperationOutcome run(OperationHandle operation, @Nullable Object[] args, RequestSnapshot snapshot,
			LocaleContext localeContext, ProgressReporter progress) throws Exception {
		String id = operation.id();
		progress.reportTo(operation::progress);
		RecordingResponse recording = new RecordingResponse(this.detacher.maxResultSize());
		ServletWebRequest detached = new ServletWebRequest(snapshot, recording);
		RequestAttributes previousAttributes = RequestContextHolder.getRequestAttributes();
		LocaleContext previousLocale = LocaleContextHolder.getLocaleContext();
		RequestContextHolder.setRequestAttributes(detached);
		LocaleContextHolder.setLocaleContext(localeContext);
		try {
			try {
				render(validated(super.doInvoke(args)), detached, recording);
			}
			catch (Exception ex) {
				if (ex instanceof InterruptedException || Thread.currentThread().isInterrupted()
						|| operation.isCanceled()) {
					// Canceled, or interrupted: the operation decides which.
					throw ex;
				}
				return recording.isOverflowed() ? tooLarge(id) : failure(id, ex, snapshot);
			}
			return recording.isOverflowed() ? tooLarge(id) : OperationOutcome.succeeded(recording.toStoredResponse());
		}
		finally {
			detached.requestCompleted();
			RequestContextHolder.setRequestAttributes(previousAttributes);
			LocaleContextHolder.setLocaleContext(previousLocale);
		}
	}

	private @Nullable Object validated(@Nullable Object value) {
		MethodValidator validator = this.methodValidator;
		if (validator != null && shouldValidateReturnValue()) {
			validator.applyReturnValueValidation(getBean(), getBridgedMethod(), getReturnType(), value,
					getValidationGroups());
		}
		return value;
	}

	/**
	 * Write a return value as {@link ServletInvocableHandlerMethod#invokeAndHandle} does after the invocation.
	 */
	private void render(@Nullable Object value, ServletWebRequest detached, RecordingResponse recording)
			throws Exception {
		HttpStatusCode status = getResponseStatus();
		String reason = getResponseStatusReason();
		if (status != null) {
			if (StringUtils.hasText(reason)) {
				recording.sendError(status.value(), reason);
			}
			else {
				recording.setStatus(status.value());
			}
		}
		if ((value == null && (status != null || detached.isNotModified())) || StringUtils.hasText(reason)) {
			return;
		}
		Assert.state(this.returnValueHandlers != null, "No return value handlers");
		ModelAndViewContainer mavContainer = new ModelAndViewContainer();
		this.returnValueHandlers.handleReturnValue(value, getReturnValueType(value), mavContainer, detached);
		Assert.state(mavContainer.isRequestHandled(), "A detached handler method cannot render a view");
	}

	private OperationOutcome failure(String id, Exception ex, RequestSnapshot snapshot) {
		// As the DispatcherServlet does: an error response may have a content type the handler does not produce.
		snapshot.removeAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE);
		RecordingResponse recording = new RecordingResponse(this.detacher.maxResultSize());
		ModelAndView resolved = null;
		try {
			// In order, up to the first that resolves it; one that fails ends the search.
			resolved = this.detacher.exceptionResolver().resolveException(snapshot, recording, this, ex);
		}
		catch (RuntimeException resolverFailure) {
			ex.addSuppressed(resolverFailure);
		}
		if (resolved == null) {
			logger.error("Operation " + Operations.shortId(id) + " failed in " + getShortLogMessage(), ex);
			return OperationOutcome.failed(this.detacher.responses().unexpectedFailure());
		}
		if (recording.isOverflowed()) {
			return tooLarge(id);
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
	 * Add the header fields that exception resolvers set (such as {@code Allow} or {@code Retry-After}) to a
	 * problem response.
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

	private OperationOutcome tooLarge(String id) {
		logger.warn("Operation " + Operations.shortId(id) + " of " + getShortLogMessage() + " failed: its result is larger than "
				+ "processing.accepted.max-result-size (" + this.detacher.maxResultSize() + " bytes)");
		return OperationOutcome.failed(this.detacher.responses().resultTooLarge(this.detacher.maxResultSize()));
	}

}
