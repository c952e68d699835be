package dev.processing.wire;

import java.io.IOException;

import dev.processing.tomcat.InterimResponseValve;
import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that stop reading get their interim responses skipped; they hold up nobody else, and what they read later
 * is still whole.
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=1ms", "processing.interim.interval=1ms",
				"wire.long-delay=10s", "wire.short-delay=1ms", "server.tomcat.connection-timeout=60s" })
@Import(StalledClientTests.SmallSendBuffers.class)
class StalledClientTests {

	@LocalServerPort
	int port;

	@Autowired
	InterimResponseValve valve;

	@Test
	void clientsThatStopReadingHoldUpNobodyAndStillGetWholeResponses() throws IOException {
		String first = Hold.newKey();
		String second = Hold.newKey();
		String reader = Hold.newKey();
		try (RawHttpConnection stalledOne = new RawHttpConnection(this.port, 1024);
				RawHttpConnection stalledTwo = new RawHttpConnection(this.port, 1024)) {
			long skipped = this.valve.getSkippedCount();
			stalledOne.send(RawHttpConnection.get("/hold/" + first));
			stalledTwo.send(RawHttpConnection.get("/hold/" + second));
			await().until(() -> this.valve.getSkippedCount() > skipped + 10);
			try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.get("/hold/" + reader));
				for (int i = 0; i < 50; i++) {
					connection.readInterim();
				}
				Holds.release(reader);
				assertThat(connection.readResponse().bodyText()).isEqualTo("done " + reader);
			}
			Holds.release(first);
			Holds.release(second);
			Exchange one = stalledOne.readResponse();
			Exchange two = stalledTwo.readResponse();
			assertThat(one.processingCount()).isEqualTo(one.interims().size()).isPositive();
			assertThat(one.bodyText()).isEqualTo("done " + first);
			assertThat(two.processingCount()).isEqualTo(two.interims().size()).isPositive();
			assertThat(two.bodyText()).isEqualTo("done " + second);
			assertThat(stalledOne.send(RawHttpConnection.get("/plain")).readResponse().bodyText()).isEqualTo("plain");
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SmallSendBuffers {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSendBuffers() {
			return (factory) -> factory
				.addConnectorCustomizers((connector) -> connector.setProperty("socket.txBufSize", "4096"));
		}

	}

}
