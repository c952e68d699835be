/**
 * Tomcat side of interim responses: the valve, the commit gate around the coyote action hook and the writer of
 * {@code 102 Processing} bytes. Knows nothing of Spring MVC.
 */
@NullMarked
package dev.processing.tomcat;

import org.jspecify.annotations.NullMarked;
