package dev.processing.wire;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.processing.wire.RawHttpConnection.Exchange;
import dev.processing.wire.RawHttpConnection.Head;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many {@code 102 Processing} responses a request gets on the wire, as the default interim policy decides from
 * its {@code User-Agent}, its {@code Prefer: processing}, the global maximum, strict mode and the proxy in front.
 * <p>
 * A count is exact: the test reads the interim responses it expects, then sees the connection stay quiet for many
 * intervals (a further 102 would have been due twenty times over), and then finds no more before the final response.
 */
class InterimPolicyWireTests {

	private static final int QUIET_MILLIS = 100;

	@Nested
	@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
					"processing.interim.clients[test-client]=2", "wire.long-delay=10s",
					"wire.short-delay=5ms" })
	class ByClient {

		@LocalServerPort
		int port;

		@ParameterizedTest(name = "{0} gets {1}")
		@CsvSource(delimiter = '|', textBlock = """
				python-requests/2.31.0   | 0
				Java/17.0.15             | 0
				ReactorNetty/1.2.0       | 0
				okhttp/4.12.0            | 1
				test-client/1.0          | 2
				Go-http-client/1.1       | 5
				Java-http-client/17.0.15 | 8
				""")
		void clientGetsExactlyItsAllowanceAndThenItsFinalResponse(String userAgent, int allowance)
				throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(), "User-Agent: " + userAgent));
				Exchange exchange = countedExchange(connection, hold, allowance);
				assertThat(exchange.interims()).hasSize(allowance)
					.allMatch((head) -> head.statusLine().equals("HTTP/1.1 102 Processing"));
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("done " + hold.key());
				assertThat(exchange.header("Preference-Applied")).isNull();
			}
		}

		@Test
		void clientWithoutALimitGetsInterimResponsesUntilTheHandlerReturns() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(), "User-Agent: curl/7.88.1"));
				// More than any built-in rule allows.
				Exchange exchange = hold.releaseAfterInterims(connection, 12);
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("done " + hold.key());
			}
		}

		@Test
		void connectionStaysUsableAfterAClientHasHadItsAllowance() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(), "User-Agent: okhttp/4.12.0"));
				Exchange limited = countedExchange(connection, hold, 1);
				assertThat(limited.interims()).hasSize(1);
				Exchange next = connection
					.send(RawHttpConnection.request("GET", "/plain", "User-Agent: okhttp/4.12.0"))
					.readResponse();
				assertThat(next.interims()).isEmpty();
				assertThat(next.bodyText()).isEqualTo("plain");
				try (Hold second = Hold.open()) {
					connection
						.send(RawHttpConnection.request("GET", "/hold/" + second.key(), "User-Agent: okhttp/4.12.0"));
					// The allowance is per request, not per connection.
					assertThat(countedExchange(connection, second, 1).interims()).hasSize(1);
				}
			}
		}

		@Test
		void processingPreferredGetsInterimResponsesWhateverTheClient() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(),
						"User-Agent: python-requests/2.31.0", "Prefer: processing"));
				Exchange exchange = hold.releaseAfterInterims(connection, 3);
				assertThat(exchange.interims().get(0).statusLine()).isEqualTo("HTTP/1.1 102 Processing");
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("done " + hold.key());
				assertThat(exchange.header("Preference-Applied")).isEqualTo("processing");
				assertThat(exchange.header("Vary")).isEqualTo("Prefer");
			}
		}

		@Test
		void requestWithoutUserAgentGetsNoInterimResponseUnlessItPrefersProcessing() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send("GET /hold/" + hold.key() + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
				Exchange exchange = countedExchange(connection, hold, 0);
				assertThat(exchange.interims()).isEmpty();
				assertThat(exchange.bodyText()).isEqualTo("done " + hold.key());
				try (Hold preferring = Hold.open()) {
					connection.send("GET /hold/" + preferring.key()
							+ " HTTP/1.1\r\nHost: localhost\r\nPrefer: processing\r\n\r\n");
					Exchange preferred = preferring.releaseAfterInterims(connection, 2);
					assertThat(preferred.bodyText()).isEqualTo("done " + preferring.key());
					assertThat(preferred.header("Preference-Applied")).isEqualTo("processing");
				}
			}
		}

		@Test
		void http10RequestGetsNoInterimResponseEvenWhenItPrefersProcessing() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send("GET /hold/" + hold.key()
						+ " HTTP/1.0\r\nHost: localhost\r\nUser-Agent: curl/7.88.1\r\nPrefer: processing\r\n\r\n");
				Exchange exchange = countedExchange(connection, hold, 0);
				assertThat(exchange.interims()).isEmpty();
				assertThat(exchange.head().statusLine()).startsWith("HTTP/1.1 200");
				assertThat(exchange.bodyText()).isEqualTo("done " + hold.key());
			}
		}

		@Test
		void http10RequestIsNotToldThatItsPreferenceForProcessingWasApplied() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection
					.send("GET /hold/" + hold.key() + " HTTP/1.0\r\nHost: localhost\r\nPrefer: processing\r\n\r\n");
				Exchange exchange = countedExchange(connection, hold, 0);
				assertThat(exchange.interims()).isEmpty();
				assertThat(exchange.header("Preference-Applied")).isNull();
			}
		}

	}

	@Nested
	@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
					"processing.interim.strict=true", "processing.interim.max-count=3", "wire.long-delay=10s",
					"wire.short-delay=5ms" })
	class Strict {

		@LocalServerPort
		int port;

		@Test
		void requestThatDoesNotOptInGetsNoInterimResponse() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(), "User-Agent: curl/7.88.1"));
				Exchange exchange = countedExchange(connection, hold, 0);
				assertThat(exchange.interims()).isEmpty();
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("done " + hold.key());
				assertThat(exchange.header("Preference-Applied")).isNull();
			}
		}

		@Test
		void requestThatOptsInGetsTheGlobalMaximum() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(), "User-Agent: curl/7.88.1",
						"Prefer: processing"));
				Exchange exchange = countedExchange(connection, hold, 3);
				assertThat(exchange.interims()).hasSize(3)
					.allMatch((head) -> head.statusLine().equals("HTTP/1.1 102 Processing"));
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("done " + hold.key());
				assertThat(exchange.header("Preference-Applied")).isEqualTo("processing");
			}
		}

		@Test
		void optInOverridesARuleOfNoneUpToTheGlobalMaximum() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(),
						"User-Agent: python-requests/2.31.0", "Prefer: processing"));
				assertThat(countedExchange(connection, hold, 3).interims()).hasSize(3);
			}
		}

	}

	/**
	 * Behind a proxy that Tomcat's {@code RemoteIpValve} trusts (loopback is one of its internal proxies): the valve
	 * removes {@code X-Forwarded-For} once read, even when the address it names is the proxy's own, so the starter
	 * has to see the field before it.
	 */
	@Nested
	@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
					"server.forward-headers-strategy=native", "wire.long-delay=10s", "wire.short-delay=5ms" })
	class BehindAProxy {

		@LocalServerPort
		int port;

		@ParameterizedTest(name = "{0}")
		@CsvSource(delimiter = '|', textBlock = """
				X-Forwarded-For: 203.0.113.7
				X-Forwarded-For: 127.0.0.1
				X-Forwarded-For: 10.0.0.5, 127.0.0.1
				Forwarded: for=203.0.113.7;proto=https
				Via: 1.1 edge
				X-Real-IP: 203.0.113.7
				""")
		void requestThroughAProxyGetsNoInterimResponse(String proxyHeader) throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(), "User-Agent: curl/7.88.1",
						"Prefer: processing", proxyHeader));
				Exchange exchange = countedExchange(connection, hold, 0);
				assertThat(exchange.interims()).isEmpty();
				assertThat(exchange.status()).isEqualTo(200);
				assertThat(exchange.bodyText()).isEqualTo("done " + hold.key());
				assertThat(exchange.header("Preference-Applied")).isNull();
			}
		}

		@Test
		void directRequestOnTheSameServerStillGetsInterimResponses() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(), "User-Agent: curl/7.88.1"));
				assertThat(hold.releaseAfterInterims(connection, 2).bodyText()).isEqualTo("done " + hold.key());
			}
		}

	}

	/**
	 * Behind a proxy whose headers Spring's {@code ForwardedHeaderFilter} reads and hides from the application.
	 */
	@Nested
	@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
					"server.forward-headers-strategy=framework", "wire.long-delay=10s", "wire.short-delay=5ms" })
	class BehindAProxyReadByTheForwardedHeaderFilter {

		@LocalServerPort
		int port;

		@Test
		void requestThroughAProxyGetsNoInterimResponse() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(), "User-Agent: curl/7.88.1",
						"X-Forwarded-For: 203.0.113.7", "X-Forwarded-Proto: https"));
				Exchange exchange = countedExchange(connection, hold, 0);
				assertThat(exchange.interims()).isEmpty();
				assertThat(exchange.bodyText()).isEqualTo("done " + hold.key());
			}
		}

	}

	@Nested
	@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
					"processing.interim.proxy.forwards-interim=true", "processing.interim.proxy.max-count=7",
					"processing.interim.proxy.headers=X-Edge", "wire.long-delay=10s", "wire.short-delay=5ms" })
	class BehindAProxyThatForwardsInterimResponses {

		@LocalServerPort
		int port;

		@Test
		void requestThroughTheProxyGetsAsManyInterimResponsesAsTheProxyForwards() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(), "User-Agent: curl/7.88.1",
						"X-Edge: 1", "X-Forwarded-For: 203.0.113.7"));
				Exchange exchange = countedExchange(connection, hold, 7);
				assertThat(exchange.interims()).hasSize(7);
				assertThat(exchange.bodyText()).isEqualTo("done " + hold.key());
			}
		}

		@Test
		void directRequestIsNotCappedByTheProxyMaximum() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(), "User-Agent: curl/7.88.1",
						"X-Forwarded-For: 203.0.113.7"));
				assertThat(hold.releaseAfterInterims(connection, 12).bodyText()).isEqualTo("done " + hold.key());
			}
		}

		@Test
		void clientRulesStillApplyThroughTheProxy() throws IOException {
			try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.request("GET", "/hold/" + hold.key(),
						"User-Agent: Go-http-client/1.1", "X-Edge: 1"));
				assertThat(countedExchange(connection, hold, 5).interims()).hasSize(5);
			}
		}

	}

	/**
	 * Read the exchange of a request sent to {@code /hold/{key}} that should get {@code expected} interim responses:
	 * read that many, see the connection stay quiet (reading nothing that a further one would have sent), release the
	 * handler, and return the final response with all the interim responses read.
	 */
	private static Exchange countedExchange(RawHttpConnection connection, Hold hold, int expected)
			throws IOException {
		hold.awaitEntered();
		List<Head> interims = new ArrayList<>();
		for (int i = 0; i < expected; i++) {
			interims.add(connection.readInterim());
		}
		assertThat(connection.isQuietFor(QUIET_MILLIS)).as("quiet after %d interim response(s)", expected).isTrue();
		hold.release();
		Exchange exchange = connection.readResponse();
		interims.addAll(exchange.interims());
		return new Exchange(interims, exchange.head(), exchange.body());
	}

}
