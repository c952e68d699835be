package dev.processing.wire;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.processing.tomcat.InterimResponseValve;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/2 requests to {@code @LongRunning} handlers get no interim responses and keep working.
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.http2.enabled=true", "processing.interim.initial-delay=5ms",
				"processing.interim.interval=5ms", "wire.long-delay=10s", "wire.short-delay=5ms" })
class Http2Tests {

	@LocalServerPort
	int port;

	@Autowired
	InterimResponseValve valve;

	@Test
	void http2RequestGetsItsResponseAndNoInterimResponse() throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
		URI uri = URI.create("http://127.0.0.1:" + this.port + "/sleep?millis=100");
		long sent = this.valve.getSentCount();
		// The first request upgrades the connection (h2c), the second one starts on HTTP/2.
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = client
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("slept");
		}
		assertThat(this.valve.getSentCount()).isEqualTo(sent);
	}

}
