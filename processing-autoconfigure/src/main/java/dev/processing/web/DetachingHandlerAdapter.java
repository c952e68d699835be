package dev.processing.web;

import org.springframework.context.ApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod;

/**
 * A {@link RequestMappingHandlerAdapter} set up like the application's own, that invokes handler methods as
 * {@code 202 Accepted} operations.
 *
 * @since 0.1.0
 */
final class DetachingHandlerAdapter extends RequestMappingHandlerAdapter {

	private final Detacher detacher;

	private DetachingHandlerAdapter(Detacher detacher) {
		this.detacher = detacher;
	}

	/**
	 * Create an adapter that resolves arguments, binds, validates and writes results exactly as another one does.
	 * @param template the application's adapter
	 * @param context the application context, for its {@code @ControllerAdvice} beans
	 * @param detacher what detached invocations need
	 * @return the adapter, initialized
	 */
	static DetachingHandlerAdapter like(RequestMappingHandlerAdapter template, ApplicationContext context,
			Detacher detacher) {
		DetachingHandlerAdapter adapter = new DetachingHandlerAdapter(detacher);
		adapter.setArgumentResolvers(template.getArgumentResolvers());
		adapter.setInitBinderArgumentResolvers(template.getInitBinderArgumentResolvers());
		adapter.setReturnValueHandlers(template.getReturnValueHandlers());
		adapter.setMessageConverters(template.getMessageConverters());
		adapter.setWebBindingInitializer(template.getWebBindingInitializer());
		adapter.setErrorResponseInterceptors(template.getErrorResponseInterceptors());
		adapter.setApplicationContext(context);
		adapter.afterPropertiesSet();
		return adapter;
	}

	@Override
	protected ServletInvocableHandlerMethod createInvocableHandlerMethod(HandlerMethod handlerMethod) {
		return new DetachedHandlerMethod(handlerMethod, this.detacher);
	}

}
