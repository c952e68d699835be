package dev.processing.wire;

import java.io.IOException;

import dev.processing.wire.RawHttpConnection.Exchange;
import dev.processing.wire.RawHttpConnection.Head;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Tomcat told to answer {@code Expect: 100-continue} only when the body is read, the {@code 100 Continue} is
 * written while interim responses are already running: both must come out whole and in order.
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=1ms", "processing.interim.interval=1ms",
				"wire.long-delay=10s", "wire.short-delay=1ms" })
@Import(ContinueOnReadTests.ContinueOnRead.class)
class ContinueOnReadTests {

	@LocalServerPort
	int port;

	@Test
	void continueIsWrittenBetweenInterimResponses() throws IOException {
		for (int i = 0; i < 20; i++) {
			String key = Hold.newKey();
			String body = "y".repeat(1000 + i);
			try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
				connection.send(RawHttpConnection.postHead("/upload/" + key, body.length(), true));
				Head interim = connection.readInterim();
				assertThat(interim.statusLine()).isEqualTo("HTTP/1.1 102 Processing");
				Holds.release(bodyReadKey(key));
				while (interim.status() != 100) {
					assertThat(interim.statusLine()).isEqualTo("HTTP/1.1 102 Processing");
					interim = connection.readInterim();
				}
				Uploads.sendBodyAndExpectItReceived(connection, key, body);
				Exchange next = connection.send(RawHttpConnection.get("/plain")).readResponse();
				assertThat(next.bodyText()).isEqualTo("plain");
			}
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ContinueOnRead {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnRead() {
			return (factory) -> factory
				.addConnectorCustomizers((connector) -> connector.setProperty("continueResponseTiming", "onRead"));
		}

		@Bean
		WebMvcConfigurer holdBeforeTheBodyIsRead() {
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(new HandlerInterceptor() {

						@Override
						public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
								Object handler) {
							// Runs after interim responses have started and before the body is read.
							Holds.await(bodyReadKey(request.getRequestURI()));
							return true;
						}

					}).addPathPatterns("/upload/**");
				}

			};
		}

	}

	static String bodyReadKey(String path) {
		return path.substring(path.lastIndexOf('/') + 1) + ":read";
	}

}
