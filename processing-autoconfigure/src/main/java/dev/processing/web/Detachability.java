package dev.processing.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpEntity;
import org.springframework.http.ProblemDetail;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartRequest;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Tells whether a handler method can run detached from its request, as a {@code 202 Accepted} operation: its
 * result must be a response body or an entity, and it must not need the request or response themselves.
 *
 * @since 0.1.0
 */
final class Detachability {

	// Uploaded files are deleted once the request ends; a resource body is read from the request lazily.
	private static final List<Class<?>> REQUEST_BOUND_PARAMETERS = List.of(ServletRequest.class,
			ServletResponse.class, WebRequest.class, InputStream.class, Reader.class, OutputStream.class,
			Writer.class, MultipartFile.class, Part.class, MultipartRequest.class, Resource.class);

	private static final List<Class<?>> VIEW_RESULTS = List.of(ModelAndView.class, View.class, Model.class);

	// Reactive types (Reactor, RxJava, Kotlin coroutines, CompletionStage...) are those Spring's registry adapts.
	private static final List<Class<?>> STREAMING_OR_ASYNC_RESULTS = List.of(StreamingResponseBody.class,
			ResponseBodyEmitter.class, Callable.class, WebAsyncTask.class, DeferredResult.class, Future.class);

	private Detachability() {
	}

	/**
	 * Return why a handler method cannot run detached.
	 * @param handlerMethod the handler method
	 * @return the reason, or {@code null} if it can
	 */
	static @Nullable String whyNot(HandlerMethod handlerMethod) {
		for (MethodParameter parameter : handlerMethod.getMethodParameters()) {
			Class<?> type = elementType(parameter);
			for (Class<?> requestBound : REQUEST_BOUND_PARAMETERS) {
				if (requestBound.isAssignableFrom(type)) {
					return "it takes a " + type.getSimpleName() + ", which exists only while its request does";
				}
			}
		}
		MethodParameter returnType = handlerMethod.getReturnType();
		Class<?> result = returnType.getParameterType();
		if (HttpEntity.class.isAssignableFrom(result)) {
			Class<?> body = ResolvableType.forMethodParameter(returnType).as(HttpEntity.class).getGeneric().resolve();
			return (body != null && isStreamingOrAsync(body)) ? describe(body) : null;
		}
		if (isStreamingOrAsync(result)) {
			return describe(result);
		}
		// Spring MVC's view handlers come before the body handler, even in a @RestController.
		if (VIEW_RESULTS.stream().anyMatch((type) -> type.isAssignableFrom(result))) {
			return "it renders a view rather than a response body";
		}
		if (ProblemDetail.class.isAssignableFrom(result) || ErrorResponse.class.isAssignableFrom(result)
				|| handlerMethod.hasMethodAnnotation(ResponseBody.class)
				|| AnnotatedElementUtils.hasAnnotation(handlerMethod.getBeanType(), ResponseBody.class)) {
			return null;
		}
		return "it renders a view rather than a response body";
	}

	/**
	 * Return the type of a parameter, or of its elements if it is an array, a collection, a map, an optional or an
	 * entity.
	 */
	private static Class<?> elementType(MethodParameter parameter) {
		ResolvableType type = ResolvableType.forMethodParameter(parameter.nestedIfOptional());
		if (type.isArray()) {
			type = type.getComponentType();
		}
		else if (type.asCollection() != ResolvableType.NONE) {
			type = type.asCollection().getGeneric();
		}
		else if (type.asMap() != ResolvableType.NONE) {
			// A MultiValueMap's values are lists.
			ResolvableType values = type.asMap().getGeneric(1);
			type = (values.asCollection() != ResolvableType.NONE) ? values.asCollection().getGeneric() : values;
		}
		else if (type.as(HttpEntity.class) != ResolvableType.NONE) {
			type = type.as(HttpEntity.class).getGeneric();
		}
		Class<?> resolved = type.resolve();
		return (resolved != null) ? resolved : parameter.getParameterType();
	}

	private static boolean isStreamingOrAsync(Class<?> type) {
		return STREAMING_OR_ASYNC_RESULTS.stream().anyMatch((candidate) -> candidate.isAssignableFrom(type))
				|| ReactiveAdapterRegistry.getSharedInstance().getAdapter(type) != null;
	}

	private static String describe(Class<?> type) {
		return "it returns a " + type.getSimpleName() + ", which writes or completes the response itself";
	}

}
