/**
 * Spring MVC side of {@code @LongRunning}: finds annotated handlers, decides per request between interim responses
 * and a detached {@code 202 Accepted} operation, starts interim responses within the client's allowance, and runs
 * detached invocations through Spring MVC's own argument resolvers, return value handlers and exception resolvers.
 * Knows nothing of Tomcat.
 */
@NullMarked
package dev.processing.web;

import org.jspecify.annotations.NullMarked;
