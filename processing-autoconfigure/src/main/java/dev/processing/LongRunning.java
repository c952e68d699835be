package dev.processing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring MVC handler method, or every handler method of a controller, as long-running, so that the server
 * keeps the client informed while it works.
 * <p>
 * In {@link ProcessingMode#INTERIM interim} mode the server sends {@code HTTP/1.1 102 Processing} interim responses
 * (RFC 2518 §10.1) after {@link #initialDelay()} and then every {@link #interval()} until the final response starts.
 * An annotation on a method wins over one on its controller class.
 *
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LongRunning {

	/**
	 * How long the handler may work before the first interim response, in Spring Boot's duration syntax
	 * ({@code "500ms"}, {@code "15s"}, {@code "PT1M"}); {@code ${...}} placeholders are resolved. Empty means
	 * {@code processing.interim.initial-delay}.
	 * @return the initial delay, or empty for the configured default
	 */
	String initialDelay() default "";

	/**
	 * How long to wait between two interim responses, in Spring Boot's duration syntax; {@code ${...}}
	 * placeholders are resolved. Empty means {@code processing.interim.interval}.
	 * @return the interval, or empty for the configured default
	 */
	String interval() default "";

	/**
	 * How the client is kept informed; {@link ProcessingMode#DEFAULT} follows {@code processing.mode}.
	 * @return the processing mode
	 */
	ProcessingMode mode() default ProcessingMode.DEFAULT;

}
