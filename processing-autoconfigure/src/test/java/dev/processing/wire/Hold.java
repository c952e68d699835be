package dev.processing.wire;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.processing.wire.RawHttpConnection.Exchange;
import dev.processing.wire.RawHttpConnection.Head;

import static org.awaitility.Awaitility.await;

/**
 * A fresh key for {@link Holds} that a test opens in a {@code try} block, so that the handler waiting for it is let
 * go when the block ends, whether its assertions passed or not.
 */
final class Hold implements AutoCloseable {

	private final String key;

	private Hold(String key) {
		this.key = key;
	}

	/**
	 * A hold on a fresh random key.
	 */
	static Hold open() {
		return new Hold(newKey());
	}

	/**
	 * A hold on the given key, for a handler that waits for a key made from another.
	 */
	static Hold on(String key) {
		return new Hold(key);
	}

	/**
	 * A fresh random key, for a test that needs a unique key without holding on it.
	 */
	static String newKey() {
		return UUID.randomUUID().toString();
	}

	String key() {
		return this.key;
	}

	/**
	 * Wait until a handler has started waiting for this hold.
	 */
	void awaitEntered() {
		await().until(() -> Holds.isEntered(this.key));
	}

	/**
	 * Let the handler waiting for this hold go on; releasing again does no harm.
	 */
	void release() {
		Holds.release(this.key);
	}

	/**
	 * Read the given number of interim responses, release this hold, and return the final response with all the
	 * interim responses read.
	 */
	Exchange releaseAfterInterims(RawHttpConnection connection, int count) throws IOException {
		List<Head> interims = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			interims.add(connection.readInterim());
		}
		release();
		Exchange exchange = connection.readResponse();
		interims.addAll(exchange.interims());
		return new Exchange(interims, exchange.head(), exchange.body());
	}

	@Override
	public void close() {
		release();
	}

}
