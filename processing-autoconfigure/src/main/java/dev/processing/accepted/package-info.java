/**
 * The HTTP side of {@code 202 Accepted} operations: the status monitor's routes, its JSON and problem bodies, and
 * the replay of stored responses.
 */
@NullMarked
package dev.processing.accepted;

import org.jspecify.annotations.NullMarked;
