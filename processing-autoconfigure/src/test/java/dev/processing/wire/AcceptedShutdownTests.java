package dev.processing.wire;

import java.util.concurrent.TimeUnit;

import dev.processing.accepted.OperationResponses;
import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful shutdown ends the operations of the instance: a queued one fails at once, while clients can still poll
 * it, and a running one fails once the shutdown phase's grace runs out; both with the instance-stopped problem.
 */
class AcceptedShutdownTests {

	@Test
	void shutdownFailsQueuedOperationsAtOnceAndRunningOnesAfterTheGrace() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AcceptedTestApplication.class)
			.properties("server.port=0", "server.shutdown=graceful", "spring.lifecycle.timeout-per-shutdown-phase=1s",
					"processing.accepted.max-concurrent=1", "processing.accepted.queue-capacity=1")
			.run();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		String running = Hold.newKey();
		String queued = Hold.newKey();
		Thread closer = new Thread(context::close);
		try (RawHttpConnection connection = new RawHttpConnection(port)) {
			String runningLocation = Monitors
				.accepted(connection.send(RawHttpConnection.get("/jobs/cancelable/" + running)).readResponse());
			await().atMost(5, TimeUnit.SECONDS).until(() -> Holds.isEntered(running));
			String queuedLocation = Monitors
				.accepted(connection.send(RawHttpConnection.get("/jobs/text/" + queued)).readResponse());
			assertThat(Monitors.monitor(connection, queuedLocation).get("status").asString()).isEqualTo("queued");
			closer.start();
			// Still served: the web server shuts down after the operations have ended.
			JsonNode failed = Monitors.awaitDone(connection, queuedLocation);
			assertThat(failed.get("status").asString()).isEqualTo("failed");
			Exchange result = connection.send(RawHttpConnection.get(queuedLocation + "/result")).readResponse();
			assertThat(result.status()).isEqualTo(503);
			assertThat(result.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(Monitors.json(result).get("type").asString())
				.isEqualTo(OperationResponses.INSTANCE_STOPPED_TYPE);
			closer.join(TimeUnit.SECONDS.toMillis(20));
			assertThat(closer.isAlive()).isFalse();
			assertThat(AcceptedTestApplication.interrupted).contains(running);
			assertThat(runningLocation).startsWith("/operations/");
		}
		finally {
			Holds.release(queued);
			closer.join(TimeUnit.SECONDS.toMillis(20));
		}
		assertThat(context.isActive()).isFalse();
	}

}
