package dev.processing.operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.MDC;

import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.util.ClassUtils;

/**
 * The {@link TaskDecorator task decorators} that carry the submitting thread's context to the thread that runs an
 * operation: Micrometer's context propagation (observations, Spring Security's security context, and whatever else
 * registers a thread-local accessor), or, without it, Spring Security's own delegating runnable; and the SLF4J MDC;
 * each where it is on the class path, and the security context once.
 *
 * @since 0.1.0
 */
public final class OperationTaskDecorators {

	private static final ClassLoader classLoader = OperationTaskDecorators.class.getClassLoader();

	private OperationTaskDecorators() {
	}

	/**
	 * Return one decorator that applies all those available.
	 * @return the decorator
	 */
	public static TaskDecorator available() {
		List<TaskDecorator> decorators = new ArrayList<>();
		boolean contextPropagation = ClassUtils.isPresent("io.micrometer.context.ContextSnapshotFactory", classLoader);
		if (contextPropagation) {
			// Spring Security registers an accessor of its own, so this carries the security context too.
			decorators.add(new ContextPropagatingTaskDecorator());
		}
		else if (ClassUtils.isPresent("org.springframework.security.concurrent.DelegatingSecurityContextRunnable",
				classLoader)) {
			decorators.add(SpringSecurity.decorator());
		}
		if (ClassUtils.isPresent("org.slf4j.MDC", classLoader)) {
			decorators.add(MappedDiagnosticContext.decorator());
		}
		return new CompositeTaskDecorator(decorators);
	}

	private static final class SpringSecurity {

		static TaskDecorator decorator() {
			// The context is taken when the task is decorated, on the submitting thread.
			return (runnable) -> DelegatingSecurityContextRunnable.create(runnable, null);
		}

	}

	private static final class MappedDiagnosticContext {

		static TaskDecorator decorator() {
			return (runnable) -> {
				Map<String, String> context = MDC.getCopyOfContextMap();
				return () -> {
					Map<String, String> previous = MDC.getCopyOfContextMap();
					if (context != null) {
						MDC.setContextMap(context);
					}
					else {
						MDC.clear();
					}
					try {
						runnable.run();
					}
					finally {
						if (previous != null) {
							MDC.setContextMap(previous);
						}
						else {
							MDC.clear();
						}
					}
				};
			};
		}

	}

}
