package dev.processing.autoconfigure;

import dev.processing.web.ClientInterimPolicy;
import dev.processing.web.InterimAllowance;
import dev.processing.web.InterimPolicy;
import dev.processing.web.LongRunningInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link InterimPolicy} of {@link ProcessingAutoConfiguration}: the default policy, the properties
 * that shape it, a user's policy, and the values that stop start-up.
 */
class InterimPolicyAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				ProcessingAutoConfiguration.class));

	@Test
	void defaultPolicyGoesByClientWithNoMaximumAndIsNotStrict() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(InterimPolicy.class);
			InterimPolicy policy = context.getBean(InterimPolicy.class);
			assertThat(policy).isInstanceOf(ClientInterimPolicy.class);
			assertThat(context.getBean(LongRunningInterceptor.class)).extracting("interimPolicy").isSameAs(policy);
			ProcessingProperties.Interim interim = context.getBean(ProcessingProperties.class).getInterim();
			assertThat(interim.getMaxCount()).isNull();
			assertThat(interim.isStrict()).isFalse();
			assertThat(interim.getClients()).isEmpty();
			assertThat(interim.getWithoutUserAgent()).isZero();
			assertThat(policy.allowance(request("curl/7.88.1"), false)).isEqualTo(InterimAllowance.UNLIMITED);
			assertThat(policy.allowance(request("okhttp/4.12.0"), false)).isEqualTo(new InterimAllowance(1, false));
			assertThat(policy.allowance(request("python-requests/2.31.0"), true))
				.isEqualTo(new InterimAllowance(Integer.MAX_VALUE, true));
		});
	}

	@Test
	void interimPropertiesShapeTheDefaultPolicy() {
		this.contextRunner
			.withPropertyValues("processing.interim.max-count=4", "processing.interim.clients[okhttp/4]=3",
					"processing.interim.clients[test-client]=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				InterimPolicy policy = context.getBean(InterimPolicy.class);
				assertThat(policy.allowance(request("okhttp/4.12.0"), false))
					.isEqualTo(new InterimAllowance(3, false));
				assertThat(policy.allowance(request("test-client/1.0"), false))
					.isEqualTo(new InterimAllowance(2, false));
				assertThat(policy.allowance(request("curl/7.88.1"), false)).isEqualTo(new InterimAllowance(4, false));
				assertThat(policy.allowance(request("Go-http-client/1.1"), false))
					.isEqualTo(new InterimAllowance(4, false));
				assertThat(policy.allowance(request("python-requests/2.31.0"), true))
					.isEqualTo(new InterimAllowance(4, true));
			});
	}

	@Test
	void clientRuleOverridesTheBuiltInOneWhateverTheCaseOfItsKey() {
		this.contextRunner.withPropertyValues("processing.interim.clients[reactornetty]=2").run((context) -> {
			InterimPolicy policy = context.getBean(InterimPolicy.class);
			assertThat(policy.allowance(request("ReactorNetty/1.2.0"), false))
				.isEqualTo(new InterimAllowance(2, false));
		});
	}

	@Test
	void strictPropertyLeavesOnlyRequestsThatOptIn() {
		this.contextRunner.withPropertyValues("processing.interim.strict=true", "processing.interim.max-count=3")
			.run((context) -> {
				InterimPolicy policy = context.getBean(InterimPolicy.class);
				assertThat(policy.allowance(request("curl/7.88.1"), false)).isEqualTo(InterimAllowance.NONE);
				assertThat(policy.allowance(request("curl/7.88.1"), true)).isEqualTo(new InterimAllowance(3, true));
			});
	}

	@Test
	void proxiedRequestGetsNoInterimResponseByDefault() {
		this.contextRunner.run((context) -> {
			ProcessingProperties.Interim.Proxy proxy = context.getBean(ProcessingProperties.class)
				.getInterim()
				.getProxy();
			assertThat(proxy.isForwardsInterim()).isFalse();
			assertThat(proxy.getHeaders()).containsExactlyElementsOf(ClientInterimPolicy.DEFAULT_PROXY_HEADERS);
			MockHttpServletRequest request = request("curl/7.88.1");
			request.addHeader("X-Forwarded-For", "203.0.113.7");
			assertThat(context.getBean(InterimPolicy.class).allowance(request, true)).isEqualTo(InterimAllowance.NONE);
		});
	}

	@Test
	void proxyPropertiesShapeTheDefaultPolicy() {
		this.contextRunner
			.withPropertyValues("processing.interim.proxy.forwards-interim=true",
					"processing.interim.proxy.headers=X-Edge,Via")
			.run((context) -> {
				InterimPolicy policy = context.getBean(InterimPolicy.class);
				MockHttpServletRequest edge = request("Go-http-client/1.1");
				edge.addHeader("X-Edge", "1");
				assertThat(policy.allowance(edge, false)).isEqualTo(new InterimAllowance(5, false));
			});
		this.contextRunner.withPropertyValues("processing.interim.proxy.headers=X-Edge").run((context) -> {
			InterimPolicy policy = context.getBean(InterimPolicy.class);
			MockHttpServletRequest edge = request("curl/7.88.1");
			edge.addHeader("X-Edge", "1");
			MockHttpServletRequest forwarded = request("curl/7.88.1");
			forwarded.addHeader("X-Forwarded-For", "203.0.113.7");
			assertThat(policy.allowance(edge, false)).isEqualTo(InterimAllowance.NONE);
			assertThat(policy.allowance(forwarded, false)).isEqualTo(InterimAllowance.UNLIMITED);
		});
	}

	@Test
	void proxyMaximumAndLimitWithoutUserAgentShapeTheDefaultPolicy() {
		this.contextRunner
			.withPropertyValues("processing.interim.proxy.forwards-interim=true", "processing.interim.proxy.max-count=9",
					"processing.interim.without-user-agent=3")
			.run((context) -> {
				InterimPolicy policy = context.getBean(InterimPolicy.class);
				MockHttpServletRequest proxied = request("curl/7.88.1");
				proxied.addHeader("X-Forwarded-For", "203.0.113.7");
				assertThat(policy.allowance(proxied, false)).isEqualTo(new InterimAllowance(9, false));
				assertThat(policy.allowance(new MockHttpServletRequest("GET", "/reports"), false))
					.isEqualTo(new InterimAllowance(3, false));
			});
		this.contextRunner.withPropertyValues("processing.interim.proxy.max-count=9").run((context) -> {
			MockHttpServletRequest proxied = request("curl/7.88.1");
			proxied.addHeader("X-Forwarded-For", "203.0.113.7");
			// The maximum is for proxies that forward 102s; the others get none.
			assertThat(context.getBean(InterimPolicy.class).allowance(proxied, false))
				.isEqualTo(InterimAllowance.NONE);
		});
	}

	@Test
	void negativeProxyMaximumOrLimitWithoutUserAgentFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("processing.interim.proxy.max-count=-1")
			.run((context) -> ProcessingPropertiesBindingTests.assertStartupFailsBinding(context.getStartupFailure(),
					"processing.interim.proxy.max-count", "must not be negative"));
		this.contextRunner.withPropertyValues("processing.interim.without-user-agent=-1")
			.run((context) -> ProcessingPropertiesBindingTests.assertStartupFailsBinding(context.getStartupFailure(),
					"processing.interim.without-user-agent", "must not be negative"));
	}

	@Test
	void proxyHeaderThatIsNoHeaderNameFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("processing.interim.proxy.headers=X-Edge,X Forwarded")
			.run((context) -> ProcessingPropertiesBindingTests.assertStartupFailsBinding(context.getStartupFailure(),
					"processing.interim.proxy.headers", "'X Forwarded' is not a header field name"));
	}

	@Test
	void userInterimPolicyReplacesOurs() {
		InterimPolicy userPolicy = (request, processingPreferred) -> new InterimAllowance(2, processingPreferred);
		this.contextRunner.withBean("userInterimPolicy", InterimPolicy.class, () -> userPolicy).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(InterimPolicy.class)
				.doesNotHaveBean("processingInterimPolicy")
				.getBean(InterimPolicy.class)
				.isSameAs(userPolicy);
			assertThat(context.getBean(LongRunningInterceptor.class)).extracting("interimPolicy")
				.isSameAs(userPolicy);
		});
	}

	@Test
	void negativeMaxCountFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("processing.interim.max-count=-1")
			.run((context) -> ProcessingPropertiesBindingTests.assertStartupFailsBinding(context.getStartupFailure(),
					"processing.interim.max-count", "must not be negative"));
	}

	@Test
	void negativeClientLimitFailsStartupNamingTheClient() {
		this.contextRunner.withPropertyValues("processing.interim.clients[okhttp/4]=-1").run((context) -> {
			Throwable failure = context.getStartupFailure();
			assertThat(failure).hasRootCauseInstanceOf(IllegalArgumentException.class);
			assertThat(bindException(failure).getProperty()).isNotNull()
				.extracting(ConfigurationProperty::getName)
				.hasToString("processing.interim.clients[okhttp/4]");
			assertThat(String.join("\n", ProcessingPropertiesBindingTests.messages(failure)))
				.contains("'processing.interim'", "clients", "'okhttp/4' must not be negative");
		});
	}

	private static BindException bindException(Throwable failure) {
		assertThat(failure).as("start-up failure").isNotNull();
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			if (ex instanceof BindException bindException) {
				return bindException;
			}
		}
		throw new AssertionError("no BindException in the failure chain", failure);
	}

	private static MockHttpServletRequest request(String userAgent) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/reports");
		request.addHeader("User-Agent", userAgent);
		return request;
	}

}
