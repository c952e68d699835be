package dev.processing.web;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.processing.LongRunning;
import dev.processing.ProcessingMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.StringValueResolver;
import org.springframework.web.method.HandlerMethod;

/**
 * Finds the {@link LongRunning @LongRunning} settings of handler methods, once per controller class.
 * <p>
 * A lookup for a handler that has already been seen costs two map reads and allocates nothing.
 *
 * @since 0.1.0
 */
public class LongRunningHandlers {

	private static final Log logger = LogFactory.getLog(LongRunningHandlers.class);

	private final LongRunningSettings defaults;

	private final StringValueResolver placeholders;

	private final Map<Class<?>, ControllerSettings> controllers = new ConcurrentHashMap<>();

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
	 * Return the settings of a handler method. A controller whose annotations turn out to be invalid only now (it
	 * was not there for {@link #validate(Collection)}) is said once at WARN and treated as not long-running.
	 * @param handlerMethod the handler method
	 * @return its settings, or {@code null} if it is not long-running
	 */
	public @Nullable LongRunningSettings find(HandlerMethod handlerMethod) {
		ControllerSettings controller = this.controllers.get(handlerMethod.getBeanType());
		if (controller == null) {
			controller = this.controllers.computeIfAbsent(handlerMethod.getBeanType(), this::resolveOrIgnore);
		}
		return controller.find(handlerMethod.getMethod());
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
			ControllerSettings controller = this.controllers.computeIfAbsent(handlerMethod.getBeanType(),
					this::resolve);
			if (controller.find(handlerMethod.getMethod()) != null) {
				longRunning++;
			}
		}
		return longRunning;
	}

	private ControllerSettings resolveOrIgnore(Class<?> controllerType) {
		try {
			return resolve(controllerType);
		}
		catch (IllegalStateException ex) {
			logger.warn(ex.getMessage() + "; its handlers get no interim responses");
			return ControllerSettings.NONE;
		}
	}

	private ControllerSettings resolve(Class<?> controllerType) {
		LongRunning typeAnnotation = AnnotatedElementUtils.findMergedAnnotation(controllerType, LongRunning.class);
		LongRunningSettings typeSettings = (typeAnnotation != null)
				? settings(typeAnnotation, this.defaults, controllerType.getName()) : null;
		// A method's annotation takes what it leaves empty from its controller's, then from the properties.
		LongRunningSettings methodDefaults = (typeSettings != null) ? typeSettings : this.defaults;
		Map<Method, LongRunningSettings> methods = new HashMap<>();
		ReflectionUtils.doWithMethods(controllerType, (method) -> {
			LongRunning annotation = AnnotatedElementUtils.findMergedAnnotation(method, LongRunning.class);
			if (annotation != null) {
				methods.put(method, settings(annotation, methodDefaults, describe(controllerType, method)));
			}
		}, ReflectionUtils.USER_DECLARED_METHODS);
		return new ControllerSettings(Map.copyOf(methods), typeSettings);
	}

	private LongRunningSettings settings(LongRunning annotation, LongRunningSettings fallback, String annotated) {
		ProcessingMode mode = (annotation.mode() != ProcessingMode.DEFAULT) ? annotation.mode() : fallback.mode();
		if (mode == ProcessingMode.ACCEPTED) {
			throw new IllegalStateException("@LongRunning on " + annotated
					+ " asks for processing mode ACCEPTED, which this version does not support yet; use INTERIM");
		}
		return new LongRunningSettings(mode,
				duration(annotation.initialDelay(), fallback.initialDelay(), "initialDelay", annotated),
				duration(annotation.interval(), fallback.interval(), "interval", annotated));
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

	private record ControllerSettings(Map<Method, LongRunningSettings> methods,
			@Nullable LongRunningSettings typeSettings) {

		static final ControllerSettings NONE = new ControllerSettings(Map.of(), null);

		@Nullable LongRunningSettings find(Method method) {
			LongRunningSettings settings = this.methods.get(method);
			return (settings != null) ? settings : this.typeSettings;
		}

	}

}
