package dev.processing.web;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The default {@link InterimPolicy}: clients known by their {@code User-Agent} to mishandle interim responses get
 * none or only as many as they take; a request that asks with {@code Prefer: processing} gets them whatever its
 * client; a global maximum applies to all; in strict mode only the requests that ask get any.
 * <p>
 * A rule names a product of the {@code User-Agent} header ({@code okhttp}), or a product and the start of its
 * version ({@code okhttp/4}); the rule with the longest name that matches wins.
 *
 * @since 0.1.0
 */
public class ClientInterimPolicy implements InterimPolicy {

	/**
	 * The built-in rules, from how these clients behave: the most interim responses each takes.
	 */
	public static final Map<String, Integer> DEFAULT_LIMITS = defaultLimits();

	private final List<Rule> rules;

	private final int maxCount;

	private final boolean strict;

	/**
	 * Create a policy.
	 * @param limits the rules, by product (and version start), over the {@link #DEFAULT_LIMITS}
	 * @param maxCount the most interim responses for any request; {@link Integer#MAX_VALUE} for no limit
	 * @param strict whether only the requests that ask with {@code Prefer: processing} get interim responses
	 */
	public ClientInterimPolicy(Map<String, Integer> limits, int maxCount, boolean strict) {
		// Keys are matched without regard to case, so a configured key replaces a built-in one in any case.
		Map<String, Integer> all = new LinkedHashMap<>();
		DEFAULT_LIMITS.forEach((key, limit) -> all.put(key.trim().toLowerCase(Locale.ROOT), limit));
		limits.forEach((key, limit) -> all.put(key.trim().toLowerCase(Locale.ROOT), limit));
		this.rules = all.entrySet()
			.stream()
			.map((entry) -> Rule.of(entry.getKey(), entry.getValue()))
			.sorted(Comparator.comparingInt((Rule rule) -> rule.key().length()).reversed())
			.toList();
		this.maxCount = maxCount;
		this.strict = strict;
	}

	private static Map<String, Integer> defaultLimits() {
		Map<String, Integer> limits = new LinkedHashMap<>();
		// Take a 102 as the final response and leave the real one on the connection.
		limits.put("python-requests", 0);
		limits.put("python-urllib3", 0);
		limits.put("Python-urllib", 0);
		limits.put("ReactorNetty", 0);
		// HttpURLConnection before JDK 20 ("Java/17.0.15", "Java/1.8.0_402", "Java/9.0.4").
		limits.put("Java/1", 0);
		limits.put("Java/9", 0);
		// Fails at the second interim response.
		limits.put("okhttp/4", 1);
		// Fails after five.
		limits.put("Go-http-client", 5);
		// jdk.httpclient.maxNonFinalResponses, 8 by default.
		limits.put("Java-http-client", 8);
		return Map.copyOf(limits);
	}

	@Override
	public InterimAllowance allowance(HttpServletRequest request, boolean processingPreferred) {
		if (processingPreferred) {
			return new InterimAllowance(this.maxCount, true);
		}
		if (this.strict) {
			return InterimAllowance.NONE;
		}
		Rule rule = match(request.getHeader(HttpHeaders.USER_AGENT));
		int limit = (rule != null) ? Math.min(rule.maxCount(), this.maxCount) : this.maxCount;
		return (limit == Integer.MAX_VALUE) ? InterimAllowance.UNLIMITED : new InterimAllowance(limit, false);
	}

	private @Nullable Rule match(@Nullable String userAgent) {
		if (userAgent == null || userAgent.isEmpty()) {
			return null;
		}
		// Comments in parentheses (RFC 9110 §10.1.5) are not products.
		String[] products = userAgent.toLowerCase(Locale.ROOT).replaceAll("\\([^)]*\\)", " ").split("[ \\t]+");
		for (Rule rule : this.rules) {
			for (String product : products) {
				if (rule.matches(product)) {
					return rule;
				}
			}
		}
		return null;
	}

	private record Rule(String key, String name, @Nullable String versionStart, int maxCount) {

		static Rule of(String key, int maxCount) {
			if (maxCount < 0) {
				throw new IllegalArgumentException("The limit for '" + key + "' must not be negative");
			}
			String lower = key.trim().toLowerCase(Locale.ROOT);
			int slash = lower.indexOf('/');
			return (slash < 0) ? new Rule(lower, lower, null, maxCount)
					: new Rule(lower, lower.substring(0, slash), lower.substring(slash + 1), maxCount);
		}

		boolean matches(String product) {
			int slash = product.indexOf('/');
			String name = (slash < 0) ? product : product.substring(0, slash);
			if (!name.equals(this.name)) {
				return false;
			}
			return this.versionStart == null || (slash >= 0 && product.startsWith(this.versionStart, slash + 1));
		}

	}

}
