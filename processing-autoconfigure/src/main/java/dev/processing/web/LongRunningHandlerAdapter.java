package dev.processing.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.processing.accepted.OperationResponses;
import dev.processing.operation.Operations;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.Ordered;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerAdapter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.handler.HandlerExceptionResolverComposite;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Stands in front of the application's {@link RequestMappingHandlerAdapter} for the
 * {@link dev.processing.LongRunning @LongRunning} handler methods that can run detached: a request that goes
 * {@code 202 Accepted} is invoked as an operation, every other request is passed on unchanged.
 *
 * @since 0.1.0
 */
public class LongRunningHandlerAdapter implements HandlerAdapter, Ordered, ApplicationContextAware {

	private final LongRunningHandlers handlers;

	private final SingletonSupplier<RequestMappingHandlerAdapter> delegate;

	private final Supplier<DetachingHandlerAdapter> detaching;

	private final ObjectProvider<HandlerExceptionResolver> exceptionResolvers;

	private final Operations operations;

	private final OperationResponses responses;

	private final long maxResultSize;

	private @Nullable ApplicationContext applicationContext;

	/**
	 * Create an adapter.
	 * @param handlers the settings of the handlers
	 * @param delegate the application's adapter
	 * @param exceptionResolvers the application's exception resolvers
	 * @param operations runs and keeps the operations
	 * @param responses writes the responses of the protocol
	 * @param maxResultSize the largest result kept, in bytes
	 */
	public LongRunningHandlerAdapter(LongRunningHandlers handlers,
			ObjectProvider<RequestMappingHandlerAdapter> delegate,
			ObjectProvider<HandlerExceptionResolver> exceptionResolvers, Operations operations,
			OperationResponses responses, long maxResultSize) {
		this.handlers = handlers;
		this.delegate = SingletonSupplier.of(delegate::getIfAvailable);
		this.exceptionResolvers = exceptionResolvers;
		this.detaching = SingletonSupplier.of(this::createDetaching);
		this.operations = operations;
		this.responses = responses;
		this.maxResultSize = maxResultSize;
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	private DetachingHandlerAdapter createDetaching() {
		ApplicationContext context = this.applicationContext;
		Assert.state(context != null, "No ApplicationContext");
		HandlerExceptionResolverComposite exceptionResolver = new HandlerExceptionResolverComposite();
		exceptionResolver.setExceptionResolvers(this.exceptionResolvers.orderedStream().toList());
		RequestMappingHandlerAdapter template = this.delegate.obtain();
		return DetachingHandlerAdapter.like(template, context,
				new Detacher(this.operations, this.responses, exceptionResolver, this.maxResultSize, context,
						ConcurrentHashMap.newKeySet(), template.getMessageConverters()));
	}

	@Override
	public int getOrder() {
		// Just before the adapter it stands in front of.
		RequestMappingHandlerAdapter delegate = this.delegate.get();
		return ((delegate != null) ? delegate.getOrder() : Ordered.LOWEST_PRECEDENCE) - 1;
	}

	@Override
	public boolean supports(Object handler) {
		if (!(handler instanceof HandlerMethod handlerMethod)) {
			return false;
		}
		if (this.delegate.get() == null) {
			return false;
		}
		LongRunningSettings settings = this.handlers.find(handlerMethod);
		return settings != null && settings.detachable();
	}

	@Override
	public @Nullable ModelAndView handle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		LongRunningRequest longRunning = LongRunningRequest.of(request);
		if (longRunning != null && longRunning.accepted() && request.getDispatcherType() == DispatcherType.REQUEST) {
			// The fingerprint of a request with an idempotency key covers the body the handler reads.
			HttpServletRequest detached = IdempotencyKeys.isPresent(request) ? new BodyDigestingRequest(request)
					: request;
			return this.detaching.get().handle(detached, response, handler);
		}
		return this.delegate.obtain().handle(request, response, handler);
	}

}
