package dev.processing.web;

import java.time.Duration;
import java.util.Enumeration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The preferences of a request that {@code @LongRunning} handlers honor, read from its {@code Prefer} header
 * fields (RFC 7240): {@code respond-async}, {@code wait}, and this starter's extension preference
 * {@code processing}.
 *
 * @param respondAsync whether the client prefers {@code 202 Accepted} (RFC 7240 §4.1)
 * @param waitTime how long the client is willing to wait for a final response (RFC 7240 §4.3), or {@code null}
 * @param processing whether the client asks for {@code 102 Processing} interim responses whatever its
 * {@code User-Agent}
 */
record Preferences(boolean respondAsync, @Nullable Duration waitTime, boolean processing) {

	/**
	 * No preferences.
	 */
	static final Preferences NONE = new Preferences(false, null, false);

	/**
	 * Read the preferences from the values of a request's {@code Prefer} header fields. Preferences this class does
	 * not know, and {@code wait} values that are not delta-seconds, are ignored; of a preference given twice the
	 * first counts (RFC 7240 §2).
	 * @param values the field values
	 * @return the preferences
	 */
	static Preferences parse(Enumeration<String> values) {
		boolean respondAsync = false;
		boolean processing = false;
		Duration wait = null;
		boolean waitSeen = false;
		while (values.hasMoreElements()) {
			for (String preference : values.nextElement().split(",")) {
				// Parameters after ';' do not matter for the preferences read here.
				int semicolon = preference.indexOf(';');
				String nameAndValue = (semicolon >= 0) ? preference.substring(0, semicolon) : preference;
				int equals = nameAndValue.indexOf('=');
				String name = ((equals >= 0) ? nameAndValue.substring(0, equals) : nameAndValue).trim()
					.toLowerCase(Locale.ROOT);
				String value = (equals >= 0) ? unquote(nameAndValue.substring(equals + 1).trim()) : null;
				if (name.equals("respond-async")) {
					respondAsync = true;
				}
				else if (name.equals("processing")) {
					processing = true;
				}
				else if (name.equals("wait") && !waitSeen) {
					waitSeen = true;
					wait = seconds(value);
				}
			}
		}
		return new Preferences(respondAsync, wait, processing);
	}

	private static String unquote(String value) {
		return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
				? value.substring(1, value.length() - 1) : value;
	}

	private static @Nullable Duration seconds(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > 10 || !value.chars().allMatch(Character::isDigit)) {
			return null;
		}
		return Duration.ofSeconds(Long.parseLong(value));
	}

}
