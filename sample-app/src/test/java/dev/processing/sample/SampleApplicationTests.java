package dev.processing.sample;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's slow report is preceded by {@code 102 Processing} on the wire, or answered {@code 202 Accepted} when
 * the client prefers to poll; its quick endpoint is answered at once, and its page is served at the root.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=20ms", "processing.interim.interval=20ms" })
class SampleApplicationTests {

	@LocalServerPort
	int port;

	@Test
	void slowReportIsPrecededByProcessingResponses() throws IOException {
		String response = RawHttp.exchange(this.port, "/reports/sales?days=7&millisPerRegion=40");
		assertThat(response).startsWith("HTTP/1.1 102 Processing\r\n");
		String answer = response.substring(response.indexOf("HTTP/1.1 200"));
		assertThat(answer).contains("Content-Type: application/json").contains("\"region\":\"central\"");
		assertThat(answer).doesNotContain("102 Processing");
	}

	@Test
	void slowReportCarriesItsProgressOnTheProcessingResponses() throws IOException {
		String response = RawHttp.exchange(this.port, "/reports/sales?days=7&millisPerRegion=60");
		assertThat(response).contains("HTTP/1.1 102 Processing\r\nProgress: ")
			.containsPattern("Progress: [0-9]+%\r\nProgress-Message: Adding up [a-z]+\r\n\r\n");
	}

	@Test
	void sameReportAnswers202WhenTheClientPrefersToPollAndThenServesTheResult() throws IOException {
		String accepted = RawHttp.exchange(this.port, "/reports/sales?days=7&millisPerRegion=10",
				"Prefer: respond-async");
		assertThat(accepted).startsWith("HTTP/1.1 202 \r\n").contains("Preference-Applied: respond-async");
		Matcher location = Pattern.compile("Location: (/operations/[A-Za-z0-9_-]{22})\r\n").matcher(accepted);
		assertThat(location.find()).isTrue();
		String monitor = location.group(1);
		await().until(() -> RawHttp.exchange(this.port, monitor).contains("\"status\":\"succeeded\""));
		String result = RawHttp.exchange(this.port, monitor + "/result");
		assertThat(result).startsWith("HTTP/1.1 200 \r\n")
			.contains("Content-Type: application/json")
			.contains("\"region\":\"central\"");
	}

	@Test
	void parametersOutOfRangeAreRefusedWithAProblemBeforeAnyWorkStarts() throws IOException {
		for (String[] fields : new String[][] { {}, { "Prefer: respond-async" } }) {
			String response = RawHttp.exchange(this.port, "/reports/sales?millisPerRegion=-5", fields);
			// In interim mode a 102 may come first, while the arguments are validated.
			String answer = response.substring(response.indexOf("HTTP/1.1 4"));
			assertThat(answer).startsWith("HTTP/1.1 400 \r\n")
				.contains("Content-Type: application/problem+json")
				.contains("\"instance\":\"/reports/sales\"")
				.doesNotContain("Location:");
		}
	}

	@Test
	void pageAndItsScriptAreServedAtTheRoot() throws IOException {
		String page = RawHttp.exchange(this.port, "/");
		assertThat(page).startsWith("HTTP/1.1 200 \r\n")
			.contains("Content-Type: text/html")
			.contains("<script src=\"app.js\" defer></script>")
			.contains("id=\"order\"");
		assertThat(RawHttp.exchange(this.port, "/app.js")).startsWith("HTTP/1.1 200 \r\n")
			.contains("Content-Type: text/javascript")
			.contains("Prefer: 'respond-async'");
	}

	@Test
	void quickEndpointIsAnsweredWithoutProcessingResponses() throws IOException {
		String response = RawHttp.exchange(this.port, "/regions/2");
		assertThat(response).startsWith("HTTP/1.1 200").endsWith("\r\n\r\neast");
	}

}
