package dev.processing.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the {@code persistent} profile, a 202 operation and its result survive a restart of the application: they are
 * kept in an H2 database file.
 */
class PersistentProfileTests {

	@TempDir
	Path directory;

	@Test
	void resultOfAnOperationIsServedAfterARestart() throws IOException {
		String monitor;
		String result;
		try (ConfigurableApplicationContext first = start()) {
			int port = port(first);
			String accepted = RawHttp.exchange(port, "/reports/sales?days=7&millisPerRegion=10",
					"Prefer: respond-async");
			Matcher location = Pattern.compile("Location: (/operations/[A-Za-z0-9_-]{22})\r\n").matcher(accepted);
			assertThat(location.find()).as(accepted).isTrue();
			monitor = location.group(1);
			await().until(() -> RawHttp.exchange(port, monitor).contains("\"status\":\"succeeded\""));
			result = body(RawHttp.exchange(port, monitor + "/result"));
		}
		try (ConfigurableApplicationContext second = start()) {
			String again = RawHttp.exchange(port(second), monitor + "/result");
			assertThat(again).startsWith("HTTP/1.1 200 \r\n").contains("Content-Type: application/json");
			assertThat(body(again)).isEqualTo(result).contains("\"region\":\"central\"");
		}
	}

	private ConfigurableApplicationContext start() {
		// As arguments: the profile's own properties would win over default properties.
		return new SpringApplicationBuilder(SampleApplication.class).profiles("persistent")
			.run("--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + this.directory.resolve("operations"));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static String body(String response) {
		return response.substring(response.indexOf("\r\n\r\n") + 4);
	}

}
