package dev.processing.wire;

import java.io.IOException;
import java.util.regex.Pattern;

import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the {@code DispatcherServlet} is mapped to a servlet path, the status monitors are routed under it like every
 * other handler: the links of the {@code 202 Accepted} protocol carry that path, after the context path if there is
 * one, and lead to the monitor and the result.
 */
class AcceptedServletPathWireTests {

	@Nested
	@SpringBootTest(classes = SwitchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "spring.mvc.servlet.path=/api")
	class ServletPath {

		@LocalServerPort
		int port;

		@Test
		void locationsCarryTheServletPathAndLeadToTheMonitorAndTheResult() throws IOException {
			assertLinksLeadToTheMonitorAndTheResult(this.port, "/api");
		}

	}

	@Nested
	@SpringBootTest(classes = SwitchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "server.servlet.context-path=/app", "spring.mvc.servlet.path=/api" })
	class ContextPathAndServletPath {

		@LocalServerPort
		int port;

		@Test
		void locationsCarryTheContextPathThenTheServletPathAndLeadToTheMonitorAndTheResult() throws IOException {
			assertLinksLeadToTheMonitorAndTheResult(this.port, "/app/api");
		}

	}

	/**
	 * Submit an operation under the prefix and follow every link the protocol gives: the monitor while it runs, the
	 * result before and after it is done, and the monitor's {@code DELETE}.
	 */
	static void assertLinksLeadToTheMonitorAndTheResult(int port, String prefix) throws IOException {
		try (Hold hold = Hold.open(); RawHttpConnection connection = new RawHttpConnection(port)) {
			Exchange submitted = connection.send(RawHttpConnection.get(prefix + "/switch/accepted/" + hold.key()))
				.readResponse();
			assertThat(submitted.status()).isEqualTo(202);
			String location = submitted.header("Location");
			assertThat(location).matches(Pattern.quote(prefix) + "/operations/[A-Za-z0-9_-]{22}");
			hold.awaitEntered();
			assertThat(Monitors.monitor(connection, location).get("status").asString()).isEqualTo("running");
			Exchange notDone = connection.send(RawHttpConnection.get(location + "/result")).readResponse();
			assertThat(notDone.status()).isEqualTo(202);
			assertThat(notDone.header("Location")).isEqualTo(location);
			hold.release();
			JsonNode monitor = Monitors.awaitDone(connection, location);
			assertThat(monitor.get("status").asString()).isEqualTo("succeeded");
			String resultLocation = monitor.get("resultLocation").asString();
			assertThat(resultLocation).isEqualTo(location + "/result");
			Exchange result = connection.send(RawHttpConnection.get(resultLocation)).readResponse();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.bodyText()).isEqualTo("accepted " + hold.key());
			Exchange forgotten = connection.send(RawHttpConnection.request("DELETE", location)).readResponse();
			assertThat(forgotten.status()).isEqualTo(204);
			Monitors.problem(connection.send(RawHttpConnection.get(location)).readResponse(), 404);
		}
	}

}
