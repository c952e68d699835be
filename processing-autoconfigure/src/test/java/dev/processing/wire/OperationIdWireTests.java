package dev.processing.wire;

import java.io.IOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operation ids are unguessable and URL-safe, and an id the server does not know, however it is written, gets a
 * {@code 404 Not Found} problem (or Tomcat's {@code 400 Bad Request} for a path it refuses), never a server error.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
				"processing.accepted.retry-after=2s" })
class OperationIdWireTests {

	private static final String UNKNOWN = "AAAAAAAAAAAAAAAAAAAAAA";

	@LocalServerPort
	int port;

	@Test
	void unknownWellFormedIdIsNotFoundForTheMonitorTheResultAndDelete() throws IOException {
		String location = "/operations/" + UNKNOWN;
		try (RawHttpConnection connection = connect()) {
			JsonNode monitor = Monitors.problem(connection.send(RawHttpConnection.get(location)).readResponse(), 404);
			// A problem without a type of its own says about:blank, with the status phrase as its title.
			assertThat(monitor.get("type").asString()).isEqualTo("about:blank");
			assertThat(monitor.get("title").asString()).isEqualTo("Not Found");
			assertThat(monitor.get("instance").asString()).isEqualTo(location);
			assertThat(monitor.get("detail").asString()).isNotBlank();
			JsonNode result = Monitors
				.problem(connection.send(RawHttpConnection.get(location + "/result")).readResponse(), 404);
			assertThat(result.get("instance").asString()).isEqualTo(location + "/result");
			Monitors.problem(connection.send(RawHttpConnection.request("DELETE", location)).readResponse(), 404);
		}
	}

	@Test
	void pathsUnderTheBasePathThatNoRouteTakesAreProblemsToo() throws IOException {
		for (String path : new String[] { "/operations", "/operations/", "/operations/" + UNKNOWN + "/result/more",
				"/operations/" + UNKNOWN + "/other" }) {
			try (RawHttpConnection connection = connect()) {
				JsonNode problem = Monitors.problem(connection.send(RawHttpConnection.get(path)).readResponse(), 404);
				assertThat(problem.get("instance").asString()).isEqualTo(path);
			}
		}
		try (RawHttpConnection connection = connect()) {
			Exchange post = connection.send(RawHttpConnection.request("POST", "/operations/" + UNKNOWN,
					"Content-Length: 0")).readResponse();
			Monitors.problem(post, 405);
			assertThat(post.header("Allow")).isEqualTo("GET, DELETE");
			Exchange delete = connection.send(RawHttpConnection.request("DELETE", "/operations/" + UNKNOWN + "/result"))
				.readResponse();
			Monitors.problem(delete, 405);
			assertThat(delete.header("Allow")).isEqualTo("GET");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAA++",
			"AAAAAAAAAAAAAAAAAAAA%3D%3D", "..%2F", "%00", "%2e%2e%2f%2e%2e%2fetc", "%C3%A9%C3%A9",
			"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
	void malformedIdIsNotFoundOrBadRequestButNeverAServerError(String id) throws IOException {
		for (String request : new String[] { RawHttpConnection.get("/operations/" + id),
				RawHttpConnection.get("/operations/" + id + "/result"),
				RawHttpConnection.request("DELETE", "/operations/" + id) }) {
			// Tomcat may close the connection after a 400, so each request has its own.
			try (RawHttpConnection connection = connect()) {
				Exchange exchange = connection.send(request).readResponse();
				assertThat(exchange.status()).as(request).isIn(400, 404);
				if (exchange.status() == 404) {
					Monitors.problem(exchange, 404);
				}
			}
		}
	}

	@Test
	void everySubmissionGetsItsOwnIdOf128RandomBitsIn22UrlSafeCharacters() throws IOException {
		Set<String> ids = new HashSet<>();
		// Tomcat closes a connection after 100 requests (server.tomcat.max-keep-alive-requests).
		for (int connections = 0; connections < 4; connections++) {
			try (RawHttpConnection connection = connect()) {
				for (int i = 0; i < 50; i++) {
					Exchange accepted = connection.send(RawHttpConnection.get("/jobs/quick")).readResponse();
					String id = Monitors.accepted(accepted).substring("/operations/".length());
					assertThat(Monitors.json(accepted).get("id").asString()).isEqualTo(id);
					ids.add(id);
				}
			}
		}
		assertThat(ids).hasSize(200).allSatisfy((id) -> {
			assertThat(id).matches("[A-Za-z0-9_-]{22}");
			assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
		});
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port);
	}

}
