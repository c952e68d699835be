/**
 * The Actuator endpoint of the starter: the interim engine's state and the operations in the store.
 */
@NullMarked
package dev.processing.actuate;

import org.jspecify.annotations.NullMarked;
