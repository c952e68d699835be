package dev.processing.wire;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A graceful shutdown lets requests in progress finish: their interim responses go on until they do.
 */
class GracefulShutdownTests {

	@Test
	void interimResponsesGoOnWhileGracefulShutdownWaitsForTheRequest() throws Exception {
		CountDownLatch closing = new CountDownLatch(1);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WireTestApplication.class)
			.properties("server.port=0", "server.shutdown=graceful", "processing.interim.initial-delay=5ms",
					"processing.interim.interval=5ms", "wire.long-delay=10s", "wire.short-delay=5ms")
			.listeners((ApplicationListener<ContextClosedEvent>) (event) -> closing.countDown())
			.run();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		String key = Hold.newKey();
		Thread closer = new Thread(context::close);
		try (RawHttpConnection connection = new RawHttpConnection(port)) {
			connection.send(RawHttpConnection.get("/hold/" + key));
			connection.readInterim();
			closer.start();
			assertThat(closing.await(10, TimeUnit.SECONDS)).isTrue();
			for (int i = 0; i < 5; i++) {
				connection.readInterim();
			}
			Holds.release(key);
			Exchange exchange = connection.readResponse();
			assertThat(exchange.status()).isEqualTo(200);
			assertThat(exchange.bodyText()).isEqualTo("done " + key);
		}
		finally {
			Holds.release(key);
			closer.join(TimeUnit.SECONDS.toMillis(30));
		}
		assertThat(context.isActive()).isFalse();
	}

}
