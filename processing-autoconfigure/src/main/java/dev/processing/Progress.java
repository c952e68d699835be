package dev.processing;

import org.jspecify.annotations.Nullable;

/**
 * Lets a {@link LongRunning @LongRunning} handler say how far it has got; declare it as a handler method parameter.
 * <p>
 * In {@link ProcessingMode#ACCEPTED accepted} mode the status monitor shows the latest report. In
 * {@link ProcessingMode#INTERIM interim} mode the next {@code 102 Processing} carries it as the header fields
 * {@code Progress: 40%} and {@code Progress-Message}. A handler that is not long-running gets an instance that
 * reports nowhere.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Progress {

	/**
	 * The longest message kept, in characters; longer ones are cut.
	 */
	int MAX_MESSAGE_LENGTH = 200;

	/**
	 * Report progress. Only the latest report is kept.
	 * @param percent how much of the work is done, from 0 to 100
	 * @param message what the handler is doing, for people, or {@code null}
	 * @throws IllegalArgumentException if {@code percent} is not between 0 and 100
	 */
	void update(int percent, @Nullable String message);

	/**
	 * Report progress without a message.
	 * @param percent how much of the work is done, from 0 to 100
	 * @throws IllegalArgumentException if {@code percent} is not between 0 and 100
	 */
	default void update(int percent) {
		update(percent, null);
	}

}
