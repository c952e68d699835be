package dev.processing.web;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.processing.LongRunning;
import dev.processing.ProcessingMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.StringValueResolver;
import org.springframework.web.method.HandlerMethod;

/**
 * Finds the {@link LongRunning @LongRunning} settings of handler methods, once per controller class and method (a
 * method inherited by two controllers may be long-running in one of them only).
 * <p>
 * A lookup for a handler that has already been seen costs two map reads and allocates nothing.
 *
 * @since 0.1.0
 */
public class LongRunningHandlers {

	private static final Log logger = LogFactory.getLog(LongRunningHandlers.class);

	private final LongRunningSettings defaults;

	private final StringValueResolver placeholders;

	private final Map<Class<?>, Map<Method, Optional<LongRunningSettings>>> controllers = new ConcurrentHashMap<>();

	/**
	 * Create an instance.
	 * @param defaults the settings used where an annotation leaves an attribute empty
	 * @param placeholders resolves {@code ${...}} placeholders in annotation attributes
	 */
	public LongRunningHandlers(LongRunningSettings defaults, StringValueResolver placeholders) {
		this.defaults = defaults;
		this.placeholders = placeholders;
	}

	/**
	 * Return the settings of a handler method. A handler whose annotations turn out to be invalid only now (it was
	 * not there for {@link #validate(Collection)}) is said once at WARN and treated as not long-running.
	 * @param handlerMethod the handler method
	 * @return its settings, or {@code null} if it is not long-running
	 */
	public @Nullable LongRunningSettings find(HandlerMethod handlerMethod) {
		Optional<LongRunningSettings> settings = methods(handlerMethod).get(handlerMethod.getMethod());
		if (settings == null) {
			settings = methods(handlerMethod).computeIfAbsent(handlerMethod.getMethod(),
					(method) -> resolveOrIgnore(handlerMethod));
		}
		return settings.orElse(null);
	}

	private Map<Method, Optional<LongRunningSettings>> methods(HandlerMethod handlerMethod) {
		Map<Method, Optional<LongRunningSettings>> methods = this.controllers.get(handlerMethod.getBeanType());
		return (methods != null) ? methods
				: this.controllers.computeIfAbsent(handlerMethod.getBeanType(), (type) -> new ConcurrentHashMap<>());
	}

	/**
	 * Resolve the settings of all the given handler methods now, so that an invalid annotation fails start-up.
	 * @param handlerMethods the handler methods
	 * @return how many of them are long-running
	 * @throws IllegalStateException if an annotation is invalid
	 */
	public int validate(Collection<HandlerMethod> handlerMethods) {
		int longRunning = 0;
		for (HandlerMethod handlerMethod : handlerMethods) {
			Optional<LongRunningSettings> settings = methods(handlerMethod).computeIfAbsent(handlerMethod.getMethod(),
					(method) -> resolve(handlerMethod));
			if (settings.isPresent()) {
				longRunning++;
			}
		}
		return longRunning;
	}

	private Optional<LongRunningSettings> resolveOrIgnore(HandlerMethod handlerMethod) {
		try {
			return resolve(handlerMethod);
		}
		catch (IllegalStateException ex) {
			logger.warn(ex.getMessage() + "; it is handled as if it were not long-running");
			return Optional.empty();
		}
	}

	private Optional<LongRunningSettings> resolve(HandlerMethod handlerMethod) {
		Class<?> controllerType = handlerMethod.getBeanType();
		Method method = handlerMethod.getMethod();
		LongRunning typeAnnotation = AnnotatedElementUtils.findMergedAnnotation(controllerType, LongRunning.class);
		LongRunning methodAnnotation = AnnotatedElementUtils.findMergedAnnotation(method, LongRunning.class);
		if (typeAnnotation == null && methodAnnotation == null) {
			return Optional.empty();
		}
		String described = describe(controllerType, method);
		// A method's annotation takes what it leaves empty from its controller's, then from the properties.
		Duration initialDelay = this.defaults.initialDelay();
		Duration interval = this.defaults.interval();
		ProcessingMode explicitMode = null;
		for (LongRunning annotation : new LongRunning[] { typeAnnotation, methodAnnotation }) {
			if (annotation != null) {
				String annotated = (annotation == typeAnnotation) ? controllerType.getName() : described;
				initialDelay = duration(annotation.initialDelay(), initialDelay, "initialDelay", annotated);
				interval = duration(annotation.interval(), interval, "interval", annotated);
				explicitMode = (annotation.mode() != ProcessingMode.DEFAULT) ? annotation.mode() : explicitMode;
			}
		}
		ProcessingMode mode = (explicitMode != null) ? explicitMode : this.defaults.mode();
		String notDetachable = Detachability.whyNot(handlerMethod);
		if (mode == ProcessingMode.ACCEPTED && notDetachable != null) {
			if (explicitMode != null) {
				throw new IllegalStateException("@LongRunning on " + described + " asks for processing mode ACCEPTED, "
						+ "but the method cannot run detached from its request: " + notDetachable);
			}
			logger.warn(described + " keeps 102 Processing interim responses although processing.mode is "
					+ "'accepted', because it cannot run detached from its request: " + notDetachable);
			mode = ProcessingMode.INTERIM;
		}
		return Optional.of(new LongRunningSettings(mode, initialDelay, interval, notDetachable == null));
	}

	private Duration duration(String value, Duration fallback, String attribute, String annotated) {
		if (!StringUtils.hasText(value)) {
			return fallback;
		}
		Duration duration;
		try {
			String resolved = this.placeholders.resolveStringValue(value);
			duration = DurationStyle.detectAndParse((resolved != null) ? resolved.trim() : "");
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("@LongRunning on " + annotated + " has an invalid " + attribute + " '"
					+ value + "': " + ex.getMessage(), ex);
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalStateException("@LongRunning on " + annotated + " has an invalid " + attribute + " '"
					+ value + "': it must be positive");
		}
		return duration;
	}

	private static String describe(Class<?> controllerType, Method method) {
		return controllerType.getName() + "#" + method.getName() + "(" + Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", ")) + ")";
	}

}
