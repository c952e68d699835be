package dev.processing.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.processing.compat.Probe.Run;
import dev.processing.web.InterimPolicy;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Runs every client of {@link Probes}, directly and through each {@link ReverseProxy} installed here, against the
 * {@link CompatApplication}, asserts that the starter's defaults give each a correct final response, and writes what
 * every client did to {@code docs/compatibility.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompatibilityMatrixTests {

	private static final String PATH = "/work";

	private static final long READ_TIMEOUT_MILLIS = 400;

	private static final Path WORK = Path.of(System.getProperty("compat.work", "target/compat"));

	/**
	 * The instances the proxies stand in front of, named after their settings.
	 */
	private static final List<String> PROXY_SETTINGS = List.of("default", "forwards-interim",
			"forwards-interim, max-count=9");

	private static final Map<String, ConfigurableApplicationContext> instances = new LinkedHashMap<>();

	private static final List<ClientRow> clientRows = new ArrayList<>();

	private static final List<ProxyRow> proxyRows = new ArrayList<>();

	private static final List<String> missing = new ArrayList<>();

	private static final List<String> skipped = new ArrayList<>();

	private static int passed;

	@BeforeAll
	static void startApplications() throws IOException {
		Files.createDirectories(WORK);
		instances.put("raw", start("compat.raw=true"));
		instances.put("default", start());
		instances.put("forwards-interim", start("processing.interim.proxy.forwards-interim=true"));
		instances.put("forwards-interim, max-count=9",
				start("processing.interim.proxy.forwards-interim=true", "processing.interim.proxy.max-count=9"));
	}

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "processing.interim.initial-delay=50ms",
				"processing.interim.interval=100ms", "compat.work-duration=1200ms", "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(CompatApplication.class).properties(all.toArray(String[]::new)).run();
	}

	private static int port(String instance) {
		return Integer.parseInt(instances.get(instance).getEnvironment().getProperty("local.server.port"));
	}

	/**
	 * Write the matrix into the build's directory, and over {@code docs/compatibility.md} only when every test
	 * passed with every client and proxy: the page the README links never shows a partial run.
	 */
	@AfterAll
	static void writeMatrixAndStop() throws IOException {
		instances.values().forEach(ConfigurableApplicationContext::close);
		List<String> notMeasured = new ArrayList<>(missing);
		notMeasured.addAll(skipped);
		String markdown = Matrix.markdown(clientRows, proxyRows, notMeasured, LocalDate.now());
		Files.writeString(WORK.resolve("compatibility.md"), markdown, StandardCharsets.UTF_8);
		String report = System.getProperty("compat.report");
		if (report != null && passed == 2 && notMeasured.isEmpty()) {
			Files.writeString(Path.of(report), markdown, StandardCharsets.UTF_8);
		}
	}

	@Test
	@Order(1)
	void everyClientGetsItsFinalResponseUnderTheDefaultPolicy() throws Exception {
		SoftAssertions softly = new SoftAssertions();
		InterimPolicy policy = instances.get("default").getBean(InterimPolicy.class);
		for (Probe probe : Probes.clients(WORK)) {
			if (!probe.runnable()) {
				(probe.required() ? missing : skipped).add(probe.name() + ": " + probe.missing());
				continue;
			}
			Run raw = twice(probe, "raw");
			Run rawTimeout = timeout(probe, "raw");
			Run byDefault = twice(probe, "default");
			Run defaultTimeout = timeout(probe, "default");
			clientRows.add(new ClientRow(probe.name(), raw, rawTimeout, byDefault, defaultTimeout));
			softly.assertThat(byDefault.correct(2))
				.as("%s under the default policy: %s", probe.name(), byDefault.output())
				.isTrue();
			if (allowance(policy, byDefault.userAgent()) > 0) {
				softly.assertThat(byDefault.interims())
					.as("%s (%s) is allowed 102s and gets them", probe.name(), byDefault.userAgent())
					.isPositive();
			}
		}
		softly.assertAll();
		Probes.assertNothingMissing(missing);
		passed++;
	}

	@Test
	@Order(2)
	void everyProxyPassesTheFinalResponseUnderTheDefaultPolicy() throws Exception {
		SoftAssertions softly = new SoftAssertions();
		List<Probe> clients = Probes.proxyClients(WORK);
		for (ReverseProxy.Kind kind : ReverseProxy.Kind.values()) {
			if (!ReverseProxy.isInstalled(kind)) {
				missing.add(kind.displayName() + ": not installed");
				continue;
			}
			Map<String, Map<String, List<Run>>> bySetting = new LinkedHashMap<>();
			for (String instance : PROXY_SETTINGS) {
				bySetting.put(instance, throughProxy(kind, instance, clients));
			}
			for (String client : bySetting.get("default").keySet()) {
				Map<String, List<Run>> runs = new LinkedHashMap<>();
				bySetting.forEach((instance, byClient) -> runs.put(instance, byClient.get(client)));
				proxyRows.add(new ProxyRow(kind.displayName(), client, runs));
				runs.forEach((setting, run) -> {
					Boolean expected = expectedThroughProxy(kind, setting, client);
					if (expected != null) {
						softly.assertThat(run.get(0).correct(2))
							.as("%s through %s with %s: %s", client, kind, setting, run.get(0).output())
							.isEqualTo(expected);
					}
				});
			}
		}
		softly.assertAll();
		Probes.assertNothingMissing(missing);
		passed++;
	}

	/**
	 * Return whether a client gets correct responses through a proxy, as the README's settings say: always with the
	 * default setting, and with the setting the README gives for the proxy; and the failures that the README gives
	 * as the reason for them: nginx breaks on 102s, Apache httpd on the tenth.
	 */
	private static Boolean expectedThroughProxy(ReverseProxy.Kind kind, String setting, String client) {
		if (setting.equals("default")) {
			return true;
		}
		boolean capped = setting.endsWith("max-count=9");
		return switch (kind) {
			case HAPROXY -> true;
			case APACHE_HTTPD -> capped ? Boolean.TRUE : client.equals("curl") ? Boolean.FALSE : null;
			case NGINX -> client.equals("curl") ? Boolean.FALSE : null;
		};
	}

	private static Map<String, List<Run>> throughProxy(ReverseProxy.Kind kind, String instance, List<Probe> clients)
			throws Exception {
		Map<String, List<Run>> runs = new LinkedHashMap<>();
		Path directory = WORK.resolve(kind.name() + "-" + PROXY_SETTINGS.indexOf(instance));
		try (ReverseProxy proxy = ReverseProxy.start(kind, port(instance), directory)) {
			for (Probe probe : clients) {
				if (probe.runnable()) {
					runs.put(probe.name(), List.of(twice(probe, proxy.port()), timeout(probe, proxy.port())));
				}
			}
		}
		return runs;
	}

	private static Run twice(Probe probe, String instance) throws Exception {
		return twice(probe, port(instance));
	}

	private static Run twice(Probe probe, int port) throws Exception {
		try (WireTap tap = WireTap.start(port)) {
			return probe.twice(tap, PATH, WORK.resolve("probes.log"));
		}
	}

	private static Run timeout(Probe probe, String instance) throws Exception {
		return timeout(probe, port(instance));
	}

	private static Run timeout(Probe probe, int port) throws Exception {
		try (WireTap tap = WireTap.start(port)) {
			return probe.timeout(tap, PATH, READ_TIMEOUT_MILLIS, WORK.resolve("probes.log"));
		}
	}

	private static int allowance(InterimPolicy policy, String userAgent) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", PATH);
		if (!userAgent.equals("-")) {
			request.addHeader("User-Agent", userAgent);
		}
		return policy.allowance(request, false).maxCount();
	}

	/**
	 * What a client did directly: without a policy and under the default one.
	 */
	record ClientRow(String client, Run raw, Run rawTimeout, Run byDefault, Run defaultTimeout) {
	}

	/**
	 * What a client did through a proxy, by the setting of the application behind it: its two requests, then its
	 * request with a timeout.
	 */
	record ProxyRow(String proxy, String client, Map<String, List<Run>> bySetting) {
	}

}
