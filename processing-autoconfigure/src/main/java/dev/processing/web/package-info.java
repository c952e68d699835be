/**
 * Spring MVC side of {@code @LongRunning}: finds annotated handlers and starts interim responses for their requests.
 * Knows nothing of Tomcat.
 */
@NullMarked
package dev.processing.web;

import org.jspecify.annotations.NullMarked;
