package dev.processing.wire;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a test keep a handler working until the test has seen what it waits for.
 */
final class Holds {

	private static final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();

	private static final Set<String> entered = ConcurrentHashMap.newKeySet();

	private Holds() {
	}

	/**
	 * Block the calling handler until {@link #release(String)} is called for the key, at most ten seconds.
	 */
	static void await(String key) {
		entered.add(key);
		try {
			if (!latch(key).await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("hold '" + key + "' was never released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			latches.remove(key);
		}
	}

	/**
	 * Record that a handler has started its work for the key, without waiting.
	 */
	static void enter(String key) {
		entered.add(key);
	}

	/**
	 * Whether a handler has started waiting for the key.
	 */
	static boolean isEntered(String key) {
		return entered.contains(key);
	}

	static void release(String key) {
		latch(key).countDown();
	}

	private static CountDownLatch latch(String key) {
		return latches.computeIfAbsent(key, (k) -> new CountDownLatch(1));
	}

}
