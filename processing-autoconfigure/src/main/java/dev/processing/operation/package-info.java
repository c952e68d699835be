/**
 * The {@code 202 Accepted} side of {@code @LongRunning}: operations as plain data, where they are stored, how they run
 * detached, and the status monitor a client polls.
 */
@NullMarked
package dev.processing.operation;

import org.jspecify.annotations.NullMarked;
