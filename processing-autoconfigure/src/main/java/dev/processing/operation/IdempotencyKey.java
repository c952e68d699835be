package dev.processing.operation;

import org.springframework.util.Assert;

/**
 * The {@code Idempotency-Key} an operation was submitted with, and what the request looked like, so that a repeat
 * finds the operation and a different request with the same key is told apart.
 *
 * @param key the key, scoped to the principal and to the method and path it was sent to so that no two scopes share
 * one, at most {@value #MAX_LENGTH} characters (a digest, not the client's own text)
 * @param fingerprint a digest of the request: method, path, query and body, at most {@value #MAX_LENGTH} characters
 * @since 0.1.0
 */
public record IdempotencyKey(String key, String fingerprint) {

	/**
	 * The longest key or fingerprint a store must keep, in characters.
	 */
	public static final int MAX_LENGTH = 128;

	/**
	 * Create an instance.
	 * @param key the scoped key
	 * @param fingerprint the digest of the request
	 */
	public IdempotencyKey {
		Assert.isTrue(!key.isEmpty() && key.length() <= MAX_LENGTH, "key must have 1 to 128 characters");
		Assert.isTrue(!fingerprint.isEmpty() && fingerprint.length() <= MAX_LENGTH,
				"fingerprint must have 1 to 128 characters");
	}

}
