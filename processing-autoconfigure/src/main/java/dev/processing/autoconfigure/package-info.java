/**
 * Auto-configuration and configuration properties of the processing starter.
 */
@NullMarked
package dev.processing.autoconfigure;

import org.jspecify.annotations.NullMarked;
