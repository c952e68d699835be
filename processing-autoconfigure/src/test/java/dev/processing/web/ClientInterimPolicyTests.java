package dev.processing.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequestWrapper;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClientInterimPolicy}: the built-in rules by {@code User-Agent}, the {@code Prefer: processing}
 * opt-in, the global maximum, strict mode, rules from the properties, and requests that came through a proxy.
 */
class ClientInterimPolicyTests {

	private static final int UNLIMITED = Integer.MAX_VALUE;

	private final ClientInterimPolicy defaults = new ClientInterimPolicy(Map.of(), UNLIMITED, false);

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			python-requests/2.31.0   | 0
			python-urllib3/2.2.1     | 0
			Python-urllib/3.11       | 0
			ReactorNetty/1.2.0       | 0
			Java/17.0.15             | 0
			Java/1.8.0_402           | 0
			Java/9.0.4               | 0
			okhttp/4.12.0            | 1
			Go-http-client/1.1       | 5
			Java-http-client/17.0.15 | 8
			""")
	void builtInRuleLimitsAKnownClient(String userAgent, int maxCount) {
		assertThat(this.defaults.allowance(request(userAgent), false))
			.isEqualTo(new InterimAllowance(maxCount, false));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "Java/21.0.2", "Java/20", "okhttp/5.0.0", "curl/7.88.1",
			"python-requests-oauthlib/2.0.0", "okhttp" })
	void clientThatNoRuleMatchesGetsNoLimit(String userAgent) {
		assertThat(this.defaults.allowance(request(userAgent), false)).isEqualTo(InterimAllowance.UNLIMITED);
	}

	@Test
	void requestWithoutUserAgentGetsNoneByDefault() {
		assertThat(this.defaults.allowance(request(null), false)).isEqualTo(new InterimAllowance(0, false));
		assertThat(this.defaults.allowance(request(""), false)).isEqualTo(new InterimAllowance(0, false));
		assertThat(this.defaults.allowance(request(" "), false)).isEqualTo(new InterimAllowance(0, false));
	}

	@Test
	void requestWithoutUserAgentGetsWhatIsConfiguredForIt() {
		ClientInterimPolicy policy = new ClientInterimPolicy(Map.of(), 6, false).withoutUserAgent(4);
		assertThat(policy.allowance(request(null), false)).isEqualTo(new InterimAllowance(4, false));
		assertThat(policy.withoutUserAgent(UNLIMITED).allowance(request(null), false))
			.isEqualTo(new InterimAllowance(6, false));
		assertThat(this.defaults.withoutUserAgent(UNLIMITED).allowance(request(null), false))
			.isEqualTo(InterimAllowance.UNLIMITED);
	}

	@Test
	void requestWithoutUserAgentThatPrefersProcessingGetsInterimResponses() {
		assertThat(this.defaults.allowance(request(null), true)).isEqualTo(new InterimAllowance(UNLIMITED, true));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			PYTHON-REQUESTS/2.31.0   | 0
			OkHttp/4.12.0            | 1
			go-http-client/2.0       | 5
			JAVA-HTTP-CLIENT/21.0.2  | 8
			java/17.0.15             | 0
			""")
	void userAgentIsMatchedWhateverItsCase(String userAgent, int maxCount) {
		assertThat(this.defaults.allowance(request(userAgent), false))
			.isEqualTo(new InterimAllowance(maxCount, false));
	}

	@Test
	void ruleKeyIsMatchedWhateverItsCase() {
		ClientInterimPolicy policy = new ClientInterimPolicy(Map.of("MyAgent/2", 4), UNLIMITED, false);
		assertThat(policy.allowance(request("myagent/2.1"), false)).isEqualTo(new InterimAllowance(4, false));
	}

	@Test
	void browserUserAgentWithSeveralProductsGetsNoLimit() {
		String chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
				+ "Chrome/124.0.0.0 Safari/537.36";
		assertThat(this.defaults.allowance(request(chrome), false)).isEqualTo(InterimAllowance.UNLIMITED);
	}

	@Test
	void anyProductOfTheUserAgentCanMatchARule() {
		assertThat(this.defaults.allowance(request("reports-app/3.2 (build 7) okhttp/4.12.0"), false))
			.isEqualTo(new InterimAllowance(1, false));
		assertThat(this.defaults.allowance(request("Apache-Maven/3.9.6 (Java 17.0.15) Java/17.0.15"), false))
			.isEqualTo(new InterimAllowance(0, false));
	}

	@Test
	void processingPreferredOverridesARuleOfNone() {
		assertThat(this.defaults.allowance(request("python-requests/2.31.0"), true))
			.isEqualTo(new InterimAllowance(UNLIMITED, true));
	}

	@Test
	void processingPreferredIsCappedByTheGlobalMaximumOnly() {
		ClientInterimPolicy policy = new ClientInterimPolicy(Map.of(), 3, false);
		assertThat(policy.allowance(request("python-requests/2.31.0"), true)).isEqualTo(new InterimAllowance(3, true));
		assertThat(policy.allowance(request("okhttp/4.12.0"), true)).isEqualTo(new InterimAllowance(3, true));
		assertThat(policy.allowance(request("curl/7.88.1"), true)).isEqualTo(new InterimAllowance(3, true));
	}

	@Test
	void globalMaximumCapsEveryClientWithoutOptIn() {
		ClientInterimPolicy policy = new ClientInterimPolicy(Map.of(), 3, false);
		assertThat(policy.allowance(request("curl/7.88.1"), false)).isEqualTo(new InterimAllowance(3, false));
		assertThat(policy.withoutUserAgent(UNLIMITED).allowance(request(null), false))
			.isEqualTo(new InterimAllowance(3, false));
		assertThat(policy.allowance(request("Go-http-client/1.1"), false)).isEqualTo(new InterimAllowance(3, false));
		assertThat(policy.allowance(request("okhttp/4.12.0"), false)).isEqualTo(new InterimAllowance(1, false));
		assertThat(policy.allowance(request("python-requests/2.31.0"), false))
			.isEqualTo(new InterimAllowance(0, false));
	}

	@Test
	void strictModeGivesNoneWithoutOptIn() {
		ClientInterimPolicy policy = new ClientInterimPolicy(Map.of(), 3, true);
		assertThat(policy.allowance(request("curl/7.88.1"), false)).isEqualTo(InterimAllowance.NONE);
		assertThat(policy.allowance(request(null), false)).isEqualTo(InterimAllowance.NONE);
		assertThat(policy.allowance(request("Java-http-client/17.0.15"), false)).isEqualTo(InterimAllowance.NONE);
	}

	@Test
	void strictModeGivesTheGlobalMaximumWithOptIn() {
		assertThat(new ClientInterimPolicy(Map.of(), 3, true).allowance(request("curl/7.88.1"), true))
			.isEqualTo(new InterimAllowance(3, true));
		assertThat(new ClientInterimPolicy(Map.of(), UNLIMITED, true).allowance(request("python-requests/2.31.0"),
				true))
			.isEqualTo(new InterimAllowance(UNLIMITED, true));
	}

	@Test
	void configuredRuleOverridesABuiltInOne() {
		ClientInterimPolicy policy = new ClientInterimPolicy(Map.of("okhttp/4", 3, "python-requests", 2), UNLIMITED,
				false);
		assertThat(policy.allowance(request("okhttp/4.12.0"), false)).isEqualTo(new InterimAllowance(3, false));
		assertThat(policy.allowance(request("python-requests/2.31.0"), false))
			.isEqualTo(new InterimAllowance(2, false));
		assertThat(policy.allowance(request("Go-http-client/1.1"), false)).isEqualTo(new InterimAllowance(5, false));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "python-urllib", "PYTHON-URLLIB", "Python-urllib " })
	void configuredRuleOverridesABuiltInOneWhateverTheCaseOfItsKey(String key) {
		ClientInterimPolicy policy = new ClientInterimPolicy(Map.of(key, 3, "reactornetty", 2, "OKHTTP/4", 4),
				UNLIMITED, false);
		assertThat(policy.allowance(request("Python-urllib/3.11"), false)).isEqualTo(new InterimAllowance(3, false));
		assertThat(policy.allowance(request("ReactorNetty/1.2.0"), false)).isEqualTo(new InterimAllowance(2, false));
		assertThat(policy.allowance(request("okhttp/4.12.0"), false)).isEqualTo(new InterimAllowance(4, false));
	}

	@Test
	void configuredRuleAddsANewClient() {
		ClientInterimPolicy policy = new ClientInterimPolicy(Map.of("test-client", 2), UNLIMITED, false);
		assertThat(policy.allowance(request("test-client/1.0"), false)).isEqualTo(new InterimAllowance(2, false));
		assertThat(policy.allowance(request("test-client"), false)).isEqualTo(new InterimAllowance(2, false));
		assertThat(policy.allowance(request("other-client/1.0"), false)).isEqualTo(InterimAllowance.UNLIMITED);
		assertThat(policy.allowance(request("python-requests/2.31.0"), false))
			.isEqualTo(new InterimAllowance(0, false));
	}

	@Test
	void configuredRuleIsCappedByTheGlobalMaximum() {
		ClientInterimPolicy policy = new ClientInterimPolicy(Map.of("test-client", 20), 4, false);
		assertThat(policy.allowance(request("test-client/1.0"), false)).isEqualTo(new InterimAllowance(4, false));
	}

	@Test
	void longestMatchingRuleKeyWins() {
		Map<String, Integer> rules = new LinkedHashMap<>();
		rules.put("okhttp", 2);
		rules.put("okhttp/4", 1);
		rules.put("okhttp/4.12", 7);
		ClientInterimPolicy policy = new ClientInterimPolicy(rules, UNLIMITED, false);
		assertThat(policy.allowance(request("okhttp/4.12.0"), false)).isEqualTo(new InterimAllowance(7, false));
		assertThat(policy.allowance(request("okhttp/4.9.3"), false)).isEqualTo(new InterimAllowance(1, false));
		assertThat(policy.allowance(request("okhttp/5.0.0"), false)).isEqualTo(new InterimAllowance(2, false));
		assertThat(policy.allowance(request("okhttp"), false)).isEqualTo(new InterimAllowance(2, false));
	}

	@Test
	void longestMatchingRuleKeyWinsWhateverTheOrderOfTheRules() {
		Map<String, Integer> rules = new LinkedHashMap<>();
		rules.put("okhttp/4", 1);
		rules.put("okhttp", 2);
		ClientInterimPolicy policy = new ClientInterimPolicy(rules, UNLIMITED, false);
		assertThat(policy.allowance(request("okhttp/4.12.0"), false)).isEqualTo(new InterimAllowance(1, false));
		assertThat(policy.allowance(request("okhttp/3.14.9"), false)).isEqualTo(new InterimAllowance(2, false));
	}

	@Test
	void longestMatchingRuleKeyWinsAcrossTheProductsOfTheUserAgent() {
		ClientInterimPolicy policy = new ClientInterimPolicy(Map.of("reports-app", 6), UNLIMITED, false);
		// "reports-app" is longer than "okhttp/4", "app" is shorter: the order of the products does not count.
		assertThat(policy.allowance(request("reports-app/3.2 okhttp/4.12.0"), false))
			.isEqualTo(new InterimAllowance(6, false));
		ClientInterimPolicy shorter = new ClientInterimPolicy(Map.of("app", 6), UNLIMITED, false);
		assertThat(shorter.allowance(request("app/3.2 okhttp/4.12.0"), false))
			.isEqualTo(new InterimAllowance(1, false));
	}

	@Test
	void versionStartMatchesOnlyAfterTheSlash() {
		ClientInterimPolicy policy = new ClientInterimPolicy(Map.of(), UNLIMITED, false);
		// "Java/1" must not match a product named "Java-1" or "Java1".
		assertThat(policy.allowance(request("Java1/1.0"), false)).isEqualTo(InterimAllowance.UNLIMITED);
		assertThat(policy.allowance(request("Java"), false)).isEqualTo(InterimAllowance.UNLIMITED);
	}

	@Test
	void negativeLimitIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClientInterimPolicy(Map.of("okhttp/4", -1), UNLIMITED, false))
			.withMessageContaining("okhttp/4")
			.withMessageContaining("must not be negative");
	}

	@Test
	void builtInRulesAreTheDocumentedOnes() {
		assertThat(ClientInterimPolicy.DEFAULT_LIMITS).containsOnly(Map.entry("python-requests", 0),
				Map.entry("python-urllib3", 0), Map.entry("Python-urllib", 0), Map.entry("ReactorNetty", 0),
				Map.entry("Java/1", 0), Map.entry("Java/9", 0), Map.entry("okhttp/4", 1),
				Map.entry("Go-http-client", 5), Map.entry("Java-http-client", 8));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP",
			"Via", "x-forwarded-for" })
	void requestThroughAProxyGetsNoInterimResponse(String header) {
		MockHttpServletRequest request = request("curl/7.88.1");
		request.addHeader(header, "203.0.113.7");
		assertThat(this.defaults.allowance(request, false)).isEqualTo(InterimAllowance.NONE);
	}

	@Test
	void requestThroughAProxyGetsNoInterimResponseEvenWhenItPrefersProcessing() {
		MockHttpServletRequest request = request("curl/7.88.1");
		request.addHeader("X-Forwarded-For", "203.0.113.7");
		assertThat(this.defaults.allowance(request, true)).isEqualTo(InterimAllowance.NONE);
	}

	@Test
	void requestMarkedAsProxiedGetsNoInterimResponse() {
		MockHttpServletRequest request = request("curl/7.88.1");
		request.setAttribute(ClientInterimPolicy.PROXIED_ATTRIBUTE, Boolean.TRUE);
		assertThat(this.defaults.allowance(request, false)).isEqualTo(InterimAllowance.NONE);
	}

	@Test
	void proxyHeaderHiddenByARequestWrapperIsStillSeen() {
		MockHttpServletRequest original = request("curl/7.88.1");
		original.addHeader("X-Forwarded-For", "203.0.113.7");
		HttpServletRequestWrapper hiding = new HttpServletRequestWrapper(original) {

			@Override
			public @Nullable String getHeader(String name) {
				return name.toLowerCase(Locale.ROOT).startsWith("x-forwarded-") ? null : super.getHeader(name);
			}

		};
		assertThat(this.defaults.allowance(hiding, false)).isEqualTo(InterimAllowance.NONE);
	}

	@Test
	void proxyThatForwardsInterimResponsesLeavesTheClientRulesInCharge() {
		ClientInterimPolicy policy = this.defaults.behindProxies(ClientInterimPolicy.DEFAULT_PROXY_HEADERS, UNLIMITED);
		MockHttpServletRequest curl = request("curl/7.88.1");
		curl.addHeader("X-Forwarded-For", "203.0.113.7");
		MockHttpServletRequest go = request("Go-http-client/1.1");
		go.addHeader("Via", "1.1 haproxy");
		assertThat(policy.allowance(curl, false)).isEqualTo(InterimAllowance.UNLIMITED);
		assertThat(policy.allowance(go, false)).isEqualTo(new InterimAllowance(5, false));
		assertThat(policy.allowance(curl, true)).isEqualTo(new InterimAllowance(UNLIMITED, true));
	}

	@Test
	void configuredProxyHeadersReplaceTheDefaultOnes() {
		ClientInterimPolicy policy = this.defaults.behindProxies(List.of("X-Edge-Request"), 0);
		MockHttpServletRequest edge = request("curl/7.88.1");
		edge.addHeader("x-edge-request", "1");
		MockHttpServletRequest forwarded = request("curl/7.88.1");
		forwarded.addHeader("X-Forwarded-For", "203.0.113.7");
		assertThat(policy.allowance(edge, false)).isEqualTo(InterimAllowance.NONE);
		assertThat(policy.allowance(forwarded, false)).isEqualTo(InterimAllowance.UNLIMITED);
	}

	@Test
	void proxyThatForwardsOnlySomeInterimResponsesCapsEveryRequestThroughIt() {
		ClientInterimPolicy policy = new ClientInterimPolicy(Map.of(), 12, false)
			.behindProxies(ClientInterimPolicy.DEFAULT_PROXY_HEADERS, 9);
		MockHttpServletRequest curl = request("curl/7.88.1");
		curl.addHeader("X-Forwarded-For", "203.0.113.7");
		MockHttpServletRequest okHttp = request("okhttp/4.12.0");
		okHttp.addHeader("X-Forwarded-For", "203.0.113.7");
		assertThat(policy.allowance(curl, false)).isEqualTo(new InterimAllowance(9, false));
		assertThat(policy.allowance(curl, true)).isEqualTo(new InterimAllowance(9, true));
		assertThat(policy.allowance(okHttp, false)).isEqualTo(new InterimAllowance(1, false));
		// Directly, the global maximum only.
		assertThat(policy.allowance(request("curl/7.88.1"), false)).isEqualTo(new InterimAllowance(12, false));
	}

	@Test
	void negativeLimitForRequestsWithoutUserAgentOrThroughAProxyIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.withoutUserAgent(-1))
			.withMessageContaining("without a User-Agent must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.behindProxies(List.of("Via"), -1))
			.withMessageContaining("through a proxy must not be negative");
	}

	@Test
	void builtInProxyHeadersAreTheDocumentedOnes() {
		assertThat(ClientInterimPolicy.DEFAULT_PROXY_HEADERS).containsExactly("Forwarded", "X-Forwarded-For",
				"X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP", "Via");
	}

	private static MockHttpServletRequest request(@Nullable String userAgent) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/reports");
		if (userAgent != null) {
			request.addHeader("User-Agent", userAgent);
		}
		return request;
	}

}
