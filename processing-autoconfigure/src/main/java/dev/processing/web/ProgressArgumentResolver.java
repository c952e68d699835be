package dev.processing.web;

import dev.processing.Progress;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves handler method parameters of type {@link Progress}.
 *
 * @since 0.1.0
 */
public class ProgressArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Progress.class;
	}

	@Override
	public Progress resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		LongRunningRequest longRunning = (request != null) ? LongRunningRequest.of(request) : null;
		return (longRunning != null) ? longRunning.progress() : ProgressReporter.NOWHERE;
	}

}
