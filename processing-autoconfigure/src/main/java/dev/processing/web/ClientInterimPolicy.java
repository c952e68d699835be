package dev.processing.web;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The default {@link InterimPolicy}: clients known by their {@code User-Agent} to mishandle interim responses get
 * none or only as many as they take, and so does a request without a {@code User-Agent}; a request that asks with
 * {@code Prefer: processing} gets them whatever its client; a global maximum applies to all; in strict mode only the
 * requests that ask get any.
 * <p>
 * A rule names a product of the {@code User-Agent} header ({@code okhttp}), or a product and the start of its
 * version ({@code okhttp/4}); the rule with the longest name that matches wins.
 * <p>
 * A request that came through a proxy gets no interim responses at all, unless the proxies are declared as ones that
 * forward them ({@link #behindProxies}): some proxies take a {@code 102} for the final response. A request came through a proxy when it
 * carries one of the {@linkplain #DEFAULT_PROXY_HEADERS proxy header fields}, read before any request wrapper (such
 * as Spring's {@code ForwardedHeaderFilter}) hid them, or has the {@link #PROXIED_ATTRIBUTE} (which the starter's
 * {@code ProxiedRequestValve} sets, in front of Tomcat's {@code RemoteIpValve}, which removes
 * {@code X-Forwarded-For} as it reads it).
 *
 * @since 0.1.0
 */
public class ClientInterimPolicy implements InterimPolicy {

	/**
	 * The built-in rules, from how these clients behave: the most interim responses each takes.
	 */
	public static final Map<String, Integer> DEFAULT_LIMITS = defaultLimits();

	/**
	 * The request header fields that proxies add, by which a request is known to have come through one.
	 */
	public static final List<String> DEFAULT_PROXY_HEADERS = List.of("Forwarded", "X-Forwarded-For",
			"X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP", "Via");

	/**
	 * The request attribute that, set to {@link Boolean#TRUE}, marks a request as one that came through a proxy.
	 */
	public static final String PROXIED_ATTRIBUTE = ClientInterimPolicy.class.getName() + ".PROXIED";

	private static final Pattern COMMENT = Pattern.compile("\\([^)]*\\)");

	private static final Pattern WHITESPACE = Pattern.compile("[ \\t]+");

	private final List<Rule> rules;

	private final int maxCount;

	private final boolean strict;

	private final int withoutUserAgent;

	private final List<String> proxyHeaders;

	private final int proxyMaxCount;

	/**
	 * Create a policy that gives a request without a {@code User-Agent} no interim responses, and knows proxied
	 * requests by the {@link #DEFAULT_PROXY_HEADERS} and gives them none either.
	 * @param limits the rules, by product (and version start), over the {@link #DEFAULT_LIMITS}
	 * @param maxCount the most interim responses for any request; {@link Integer#MAX_VALUE} for no limit
	 * @param strict whether only the requests that ask with {@code Prefer: processing} get interim responses
	 */
	public ClientInterimPolicy(Map<String, Integer> limits, int maxCount, boolean strict) {
		this(rules(limits), maxCount, strict, 0, DEFAULT_PROXY_HEADERS, 0);
	}

	private ClientInterimPolicy(List<Rule> rules, int maxCount, boolean strict, int withoutUserAgent,
			Collection<String> proxyHeaders, int proxyMaxCount) {
		this.rules = rules;
		this.maxCount = maxCount;
		this.strict = strict;
		this.withoutUserAgent = requireNotNegative(withoutUserAgent, "The limit for requests without a User-Agent");
		this.proxyHeaders = List.copyOf(proxyHeaders);
		this.proxyMaxCount = requireNotNegative(proxyMaxCount, "The limit for requests through a proxy");
	}

	private static List<Rule> rules(Map<String, Integer> limits) {
		// Keys are matched without regard to case, so a configured key replaces a built-in one in any case.
		Map<String, Integer> all = new LinkedHashMap<>();
		DEFAULT_LIMITS.forEach((key, limit) -> all.put(key.trim().toLowerCase(Locale.ROOT), limit));
		limits.forEach((key, limit) -> all.put(key.trim().toLowerCase(Locale.ROOT), limit));
		return all.entrySet()
			.stream()
			.map((entry) -> Rule.of(entry.getKey(), entry.getValue()))
			.sorted(Comparator.comparingInt((Rule rule) -> rule.key().length()).reversed())
			.toList();
	}

	private static int requireNotNegative(int limit, String what) {
		if (limit < 0) {
			throw new IllegalArgumentException(what + " must not be negative");
		}
		return limit;
	}

	/**
	 * Return a copy of this policy that gives a request without a {@code User-Agent} (Python's {@code http.client}
	 * and Node's {@code http} send none) at most the given number of interim responses, instead of none.
	 * @param maxCount the most interim responses for such a request; {@link Integer#MAX_VALUE} for no limit
	 * @return the new policy
	 */
	public ClientInterimPolicy withoutUserAgent(int maxCount) {
		return new ClientInterimPolicy(this.rules, this.maxCount, this.strict, maxCount, this.proxyHeaders,
				this.proxyMaxCount);
	}

	/**
	 * Return a copy of this policy that knows proxied requests by the given header fields and gives them at most the
	 * given number of interim responses.
	 * @param headers the request header fields by which a request is known to have come through a proxy
	 * @param maxCount the most interim responses that the proxies in front forward: {@code 0} for proxies that do
	 * not forward them, {@link Integer#MAX_VALUE} for proxies that forward any number
	 * @return the new policy
	 */
	public ClientInterimPolicy behindProxies(Collection<String> headers, int maxCount) {
		return new ClientInterimPolicy(this.rules, this.maxCount, this.strict, this.withoutUserAgent, headers,
				maxCount);
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
		int cap = this.maxCount;
		if (isProxied(request)) {
			if (this.proxyMaxCount == 0) {
				// Whatever the client asks: a proxy that takes a 102 for the final response breaks the exchange.
				return InterimAllowance.NONE;
			}
			cap = Math.min(cap, this.proxyMaxCount);
		}
		if (processingPreferred) {
			return new InterimAllowance(cap, true);
		}
		if (this.strict) {
			return InterimAllowance.NONE;
		}
		String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
		int limit;
		if (userAgent == null || userAgent.isBlank()) {
			limit = this.withoutUserAgent;
		}
		else {
			Rule rule = match(userAgent);
			limit = (rule != null) ? rule.maxCount() : Integer.MAX_VALUE;
		}
		limit = Math.min(limit, cap);
		return (limit == Integer.MAX_VALUE) ? InterimAllowance.UNLIMITED : new InterimAllowance(limit, false);
	}

	private boolean isProxied(HttpServletRequest request) {
		if (Boolean.TRUE.equals(request.getAttribute(PROXIED_ATTRIBUTE))) {
			return true;
		}
		// The container's own request: a filter such as Spring's ForwardedHeaderFilter hides what it has read.
		ServletRequest original = request;
		while (original instanceof ServletRequestWrapper wrapper) {
			original = wrapper.getRequest();
		}
		HttpServletRequest headers = (original instanceof HttpServletRequest http) ? http : request;
		for (String name : this.proxyHeaders) {
			if (headers.getHeader(name) != null) {
				return true;
			}
		}
		return false;
	}

	private @Nullable Rule match(String userAgent) {
		// Comments in parentheses (RFC 9110 §10.1.5) are not products.
		String[] products = WHITESPACE.split(COMMENT.matcher(userAgent.toLowerCase(Locale.ROOT)).replaceAll(" "));
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

		/**
		 * Create a rule from a key that is trimmed and in lower case already.
		 */
		static Rule of(String key, int maxCount) {
			requireNotNegative(maxCount, "The limit for '" + key + "'");
			int slash = key.indexOf('/');
			return (slash < 0) ? new Rule(key, key, null, maxCount)
					: new Rule(key, key.substring(0, slash), key.substring(slash + 1), maxCount);
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
