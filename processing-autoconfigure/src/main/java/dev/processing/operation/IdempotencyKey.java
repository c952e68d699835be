package dev.processing.operation;

/**
 * The {@code Idempotency-Key} an operation was submitted with, and what the request looked like, so that a repeat
 * finds the operation and a different request with the same key is told apart.
 *
 * @param key the key, scoped to the principal and the method and path it was sent to, so that no two scopes share
 * one
 * @param fingerprint a digest of the request: method, path, query and body
 * @since 0.1.0
 */
public record IdempotencyKey(String key, String fingerprint) {

}
