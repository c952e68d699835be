package dev.processing.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's slow report is preceded by {@code 102 Processing} on the wire; its quick endpoint is not.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=20ms", "processing.interim.interval=20ms" })
class SampleApplicationTests {

	@LocalServerPort
	int port;

	@Test
	void slowReportIsPrecededByProcessingResponses() throws IOException {
		String response = exchange("/reports/sales?days=7&millisPerRegion=40");
		assertThat(response).startsWith("HTTP/1.1 102 Processing\r\n\r\n");
		String answer = response.substring(response.indexOf("HTTP/1.1 200"));
		assertThat(answer).contains("Content-Type: application/json").contains("\"region\":\"central\"");
		assertThat(answer).doesNotContain("102 Processing");
	}

	@Test
	void quickEndpointIsAnsweredWithoutProcessingResponses() throws IOException {
		String response = exchange("/regions/2");
		assertThat(response).startsWith("HTTP/1.1 200").endsWith("\r\n\r\neast");
	}

	private String exchange(String path) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
