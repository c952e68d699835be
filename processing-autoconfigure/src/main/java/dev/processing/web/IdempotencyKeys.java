package dev.processing.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.processing.operation.IdempotencyKey;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.util.WebUtils;

/**
 * The {@code Idempotency-Key} request header field (draft-ietf-httpapi-idempotency-key-header): reads the client's
 * key, scopes it to the principal, method and path, and fingerprints the request, so that a repeat finds the
 * operation the first request submitted and a different request with the same key is told apart.
 */
final class IdempotencyKeys {

	/**
	 * The name of the header field.
	 */
	static final String HEADER = "Idempotency-Key";

	/**
	 * The longest key a client may send, in characters.
	 */
	static final int MAX_LENGTH = 255;

	private IdempotencyKeys() {
	}

	/**
	 * Whether a request carries the header field at all, well-formed or not.
	 * @param request the request
	 * @return whether it has an {@code Idempotency-Key}
	 */
	static boolean isPresent(HttpServletRequest request) {
		return request.getHeader(HEADER) != null;
	}

	/**
	 * Read the client's key: a structured-field string ({@code "..."}) as the draft defines it, or, as many clients
	 * send it, the bare characters.
	 * @param request the request
	 * @return the key, or {@code null} if the request has none
	 * @throws IllegalArgumentException if the field is malformed, repeated, empty or longer than
	 * {@value #MAX_LENGTH} characters; the message says why
	 */
	static @Nullable String read(HttpServletRequest request) {
		Enumeration<String> fields = request.getHeaders(HEADER);
		if (fields == null || !fields.hasMoreElements()) {
			return null;
		}
		List<String> values = Collections.list(fields);
		if (values.size() > 1) {
			throw new IllegalArgumentException("The request has more than one Idempotency-Key field.");
		}
		String value = values.get(0).strip();
		String key = value.startsWith("\"") ? quoted(value) : bare(value);
		if (key.isEmpty()) {
			throw new IllegalArgumentException("The Idempotency-Key is empty.");
		}
		if (key.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("The Idempotency-Key is longer than " + MAX_LENGTH + " characters.");
		}
		return key;
	}

	private static String quoted(String value) {
		StringBuilder key = new StringBuilder();
		for (int i = 1; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\') {
				char next = (i + 1 < value.length()) ? value.charAt(i + 1) : 0;
				if (next != '"' && next != '\\') {
					throw malformed();
				}
				key.append(next);
				i++;
			}
			else if (c == '"') {
				if (i != value.length() - 1) {
					throw malformed();
				}
				return key.toString();
			}
			else if (c < 0x20 || c > 0x7e) {
				throw malformed();
			}
			else {
				key.append(c);
			}
		}
		throw malformed();
	}

	private static String bare(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c <= 0x20 || c > 0x7e || c == '"' || c == ',' || c == '\\') {
				throw malformed();
			}
		}
		return value;
	}

	private static IllegalArgumentException malformed() {
		return new IllegalArgumentException("The Idempotency-Key must be a string of visible ASCII characters, "
				+ "such as \"8e03978e-40d5-43e8-bc93-6894a57f9324\".");
	}

	/**
	 * Scope a client's key to whoever sent it and where, so that two principals, or two resources, never share one.
	 * @param key the client's key
	 * @param principal the name of the principal, or {@code null} if the request is not authenticated
	 * @param request the request
	 * @return the scoped key, a digest
	 */
	static String scope(String key, @Nullable String principal, HttpServletRequest request) {
		MessageDigest digest = sha256();
		update(digest, (principal != null) ? "principal:" + principal : "anonymous");
		update(digest, request.getMethod());
		update(digest, request.getRequestURI());
		update(digest, key);
		return encode(digest);
	}

	/**
	 * Fingerprint a request whose arguments were resolved: its method, path, query, content type and body.
	 * @param scopedKey the scoped key
	 * @param request the request, which carries the digest of its body if the handler read it
	 * @return the key with the fingerprint
	 */
	static IdempotencyKey fingerprint(String scopedKey, HttpServletRequest request) {
		MessageDigest digest = sha256();
		update(digest, request.getMethod());
		update(digest, request.getRequestURI());
		update(digest, String.valueOf(request.getQueryString()));
		update(digest, String.valueOf(request.getContentType()));
		if (isForm(request)) {
			// Tomcat reads a form body itself, around the request wrapper: its parameters stand for it.
			Map<String, String[]> parameters = new TreeMap<>(request.getParameterMap());
			parameters.forEach((name, values) -> {
				update(digest, name);
				for (String value : values) {
					update(digest, value);
				}
			});
		}
		BodyDigestingRequest body = WebUtils.getNativeRequest(request, BodyDigestingRequest.class);
		if (body != null) {
			digest.update(body.digest());
		}
		return new IdempotencyKey(scopedKey, encode(digest));
	}

	private static boolean isForm(HttpServletRequest request) {
		String contentType = request.getContentType();
		try {
			return contentType != null
					&& MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(contentType));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static void update(MessageDigest digest, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		digest.update((byte) (bytes.length >>> 24));
		digest.update((byte) (bytes.length >>> 16));
		digest.update((byte) (bytes.length >>> 8));
		digest.update((byte) bytes.length);
		digest.update(bytes);
	}

	private static String encode(MessageDigest digest) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
