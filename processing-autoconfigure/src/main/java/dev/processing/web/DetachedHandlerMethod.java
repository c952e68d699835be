package dev.processing.web;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import dev.processing.accepted.MappingPath;
import dev.processing.accepted.StoredResponseWriter;
import dev.processing.operation.IdempotencyKey;
import dev.processing.operation.Operation;
import dev.processing.operation.OperationCapacityException;
import dev.processing.operation.OperationHandle;
import dev.processing.operation.OperationOutcome;
import dev.processing.operation.OperationStoreException;
import dev.processing.operation.Operations;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.i18n.SimpleTimeZoneAwareLocaleContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.validation.method.MethodValidator;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
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

	private final DetachedFailures failures;

	private @Nullable HandlerMethodReturnValueHandlerComposite returnValueHandlers;

	private @Nullable MethodValidator methodValidator;

	DetachedHandlerMethod(HandlerMethod handlerMethod, Detacher detacher) {
		super(handlerMethod);
		this.detacher = detacher;
		this.failures = new DetachedFailures(detacher);
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
	public void invokeAndHandle(ServletWebRequest webRequest, ModelAndViewContainer mavContainer,
			@Nullable Object... providedArgs) throws Exception {
		HttpServletRequest request = webRequest.getRequest();
		HttpServletResponse response = webRequest.getResponse();
		Assert.state(response != null, "No response");
		LongRunningRequest longRunning = LongRunningRequest.of(request);
		Assert.state(longRunning != null, "Not a long-running request");
		Principal principal = request.getUserPrincipal();
		String owner = (principal != null) ? principal.getName() : null;
		String scopedKey;
		try {
			String key = IdempotencyKeys.read(request);
			scopedKey = (key != null) ? IdempotencyKeys.scope(key, owner, request) : null;
		}
		catch (IllegalArgumentException ex) {
			mavContainer.setRequestHandled(true);
			StoredResponseWriter.write(
					this.detacher.responses().idempotencyKeyMalformed(request.getRequestURI(), ex.getMessage()),
					response);
			return;
		}
		if (scopedKey != null && !this.detacher.admitting().add(scopedKey)) {
			mavContainer.setRequestHandled(true);
			StoredResponseWriter.write(this.detacher.responses().idempotencyKeyInUse(request.getRequestURI()),
					response);
			return;
		}
		try {
			Operation operation;
			try {
				operation = admit(webRequest, mavContainer, longRunning, owner, scopedKey, providedArgs);
			}
			finally {
				if (scopedKey != null) {
					this.detacher.admitting().remove(scopedKey);
				}
			}
			if (operation != null) {
				answer(request, response, longRunning, owner, scopedKey != null, operation);
			}
		}
		catch (OperationStoreException ex) {
			logger.warn("Answered " + request.getMethod() + " " + request.getRequestURI() + " with 503: "
					+ ex.getMessage());
			mavContainer.setRequestHandled(true);
			StoredResponseWriter.write(this.detacher.responses().storeUnavailable(request.getRequestURI()), response);
		}
	}

	/**
	 * Resolve and validate the arguments, so that a bad request is answered at once, and submit the operation; or
	 * answer the request if that cannot be done.
	 * @return the operation, or {@code null} if the request was answered
	 */
	private @Nullable Operation admit(ServletWebRequest webRequest, ModelAndViewContainer mavContainer,
			LongRunningRequest longRunning, @Nullable String owner, @Nullable String scopedKey,
			@Nullable Object... providedArgs) throws Exception {
		HttpServletRequest request = webRequest.getRequest();
		HttpServletResponse response = webRequest.getResponse();
		Assert.state(response != null, "No response");
		@Nullable Object[] args = getMethodArgumentValues(webRequest, mavContainer, providedArgs);
		MethodValidator validator = this.methodValidator;
		if (validator != null && shouldValidateArguments()) {
			validator.applyArgumentValidation(getBean(), getBridgedMethod(), getMethodParameters(), args,
					getValidationGroups());
		}
		assertAcceptable(request);
		mavContainer.setRequestHandled(true);
		IdempotencyKey key = (scopedKey != null) ? IdempotencyKeys.fingerprint(scopedKey, request) : null;
		RequestSnapshot snapshot = RequestSnapshot.of(request);
		// Resolve the locale now: the request's own locale context reads the request, which is recycled soon.
		LocaleContext localeContext = new SimpleTimeZoneAwareLocaleContext(LocaleContextHolder.getLocale(),
				LocaleContextHolder.getTimeZone());
		Operation operation;
		try {
			operation = this.detacher.operations()
				.submit(owner, key, (handle) -> run(handle, args, snapshot, localeContext, longRunning.progress()));
		}
		catch (OperationCapacityException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Cannot accept an operation for " + getShortLogMessage() + ": " + ex.getMessage());
			}
			StoredResponseWriter.write(this.detacher.responses().unavailable(ex.getUntilRoom()), response);
			return null;
		}
		if (key != null && !key.equals(operation.idempotencyKey())) {
			// The key was bound to a different request.
			StoredResponseWriter.write(this.detacher.responses().idempotencyKeyReused(request.getRequestURI()),
					response);
			return null;
		}
		return operation;
	}

	/**
	 * Refuse, before the work runs, a request whose result no message converter can write as the client accepts,
	 * as the synchronous call would refuse it once the work had run: {@code 406 Not Acceptable}.
	 */
	private void assertAcceptable(HttpServletRequest request) throws HttpMediaTypeNotAcceptableException {
		if (request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE) != null || !writesBody()) {
			// The mapping's produces condition has already been met, or no converter writes the result.
			return;
		}
		List<MediaType> acceptable = MediaType
			.parseMediaTypes(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
		Class<?> type = bodyType();
		if (acceptable.isEmpty() || type == null || acceptable.stream().anyMatch(MediaType::isWildcardType)) {
			return;
		}
		List<MediaType> producible = new ArrayList<>();
		for (HttpMessageConverter<?> converter : this.detacher.messageConverters()) {
			if (converter.canWrite(type, null)) {
				producible.addAll(converter.getSupportedMediaTypes(type));
			}
		}
		if (!producible.isEmpty() && producible.stream()
			.noneMatch((produced) -> acceptable.stream().anyMatch(produced::isCompatibleWith))) {
			throw new HttpMediaTypeNotAcceptableException(producible);
		}
	}

	private boolean writesBody() {
		return HttpEntity.class.isAssignableFrom(getReturnType().getParameterType())
				|| hasMethodAnnotation(ResponseBody.class)
				|| AnnotatedElementUtils.hasAnnotation(getContainingClass(), ResponseBody.class);
	}

	/**
	 * Return the class of the body the method returns, or {@code null} if it is not known before it returns.
	 */
	private @Nullable Class<?> bodyType() {
		ResolvableType type = ResolvableType.forMethodParameter(getReturnType());
		if (HttpEntity.class.isAssignableFrom(type.toClass())) {
			type = type.as(HttpEntity.class).getGeneric();
		}
		if (Optional.class == type.toClass()) {
			type = type.getGeneric();
		}
		Class<?> resolved = type.resolve();
		return (resolved == null || resolved == Object.class || resolved == void.class || resolved == Void.class)
				? null : resolved;
	}

	/**
	 * Answer the request of an operation that was submitted, or found by its idempotency key: with its result if the
	 * client waits for it and it comes in time, otherwise with {@code 202 Accepted} and its status monitor.
	 */
	private void answer(HttpServletRequest request, HttpServletResponse response, LongRunningRequest longRunning,
			@Nullable String owner, boolean keyed, Operation operation) throws Exception {
		Operations operations = this.detacher.operations();
		if (!longRunning.waitTime().isZero()) {
			Operation finished = operations.await(operation.id(), longRunning.waitTime());
			if (finished != null && finished.result() != null) {
				// The client waits and the result came in time: answer as the synchronous call would. A key keeps the
				// operation for the repeats of the request.
				if (!keyed) {
					operations.forget(operation.id());
				}
				StoredResponseWriter.write(finished.result(), response);
				return;
			}
			if (finished != null && longRunning.untilDone()) {
				StoredResponseWriter.write(this.detacher.responses().canceled(request.getRequestURI()), response);
				return;
			}
			Operation current = operations.find(operation.id(), owner);
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
				return recording.isOverflowed() ? this.failures.tooLarge(id, this) : this.failures.failure(id, ex, snapshot, this);
			}
			return recording.isOverflowed() ? this.failures.tooLarge(id, this)
					: OperationOutcome.succeeded(recording.toStoredResponse());
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

}
