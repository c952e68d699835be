package dev.processing.operation;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when an operation cannot be accepted because as many as allowed are running, waiting, or stored.
 *
 * @since 0.1.0
 */
public class OperationCapacityException extends RuntimeException {

	private final @Nullable Duration untilRoom;

	/**
	 * Create an exception.
	 * @param message what is full
	 * @param untilRoom how long until the store is known to have room again, or {@code null} if that is not known
	 */
	public OperationCapacityException(String message, @Nullable Duration untilRoom) {
		super(message);
		this.untilRoom = untilRoom;
	}

	/**
	 * Return how long until the store is known to have room again: until the earliest expiry of the operations that
	 * fill it.
	 * @return the time, or {@code null} if it is not known
	 */
	public @Nullable Duration getUntilRoom() {
		return this.untilRoom;
	}

}
