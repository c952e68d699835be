package dev.processing.operation;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Makes operation ids: 128 random bits from {@link SecureRandom}, as 22 URL-safe Base64 characters.
 *
 * @since 0.1.0
 */
public final class OperationIds {

	private static final SecureRandom random = new SecureRandom();

	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{22}");

	private OperationIds() {
	}

	/**
	 * Make a new id.
	 * @return the id
	 */
	public static String next() {
		byte[] bits = new byte[16];
		random.nextBytes(bits);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
	}

	/**
	 * Whether a string has the form of an id.
	 * @param id the string
	 * @return whether it could be an id
	 */
	public static boolean isWellFormed(String id) {
		return WELL_FORMED.matcher(id).matches();
	}

}
