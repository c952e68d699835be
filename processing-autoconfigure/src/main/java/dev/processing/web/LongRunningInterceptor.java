package dev.processing.web;

import dev.processing.ProcessingMode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Starts interim responses when a request reaches a {@link dev.processing.LongRunning @LongRunning} handler.
 * <p>
 * Requests for other handlers pay one lookup; async and error dispatches are left alone, as the interim responses
 * of the original request carry on through them.
 *
 * @since 0.1.0
 */
public class LongRunningInterceptor implements HandlerInterceptor {

	private final LongRunningHandlers handlers;

	private final InterimResponses interimResponses;

	/**
	 * Create an interceptor.
	 * @param handlers the settings of the handlers
	 * @param interimResponses starts interim responses
	 */
	public LongRunningInterceptor(LongRunningHandlers handlers, InterimResponses interimResponses) {
		this.handlers = handlers;
		this.interimResponses = interimResponses;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod handlerMethod && request.getDispatcherType() == DispatcherType.REQUEST) {
			LongRunningSettings settings = this.handlers.find(handlerMethod);
			if (settings != null && settings.mode() == ProcessingMode.INTERIM) {
				this.interimResponses.start(settings.initialDelay(), settings.interval());
			}
		}
		return true;
	}

}
