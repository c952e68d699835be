package dev.processing.wire;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.processing.accepted.OperationResponses;
import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on random ports that share one store: what one accepts, the other reports, serves and cancels; the
 * work of an instance that stops without a word fails within a lease; and a fresh instance serves the results of one
 * that stopped. A subclass says which store.
 */
abstract class SharedStoreWireTests {

	static final Duration LEASE = Duration.ofSeconds(1);

	static final Duration RENEW_INTERVAL = Duration.ofMillis(200);

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	/**
	 * Prepare the store for a test, or skip the test if its server cannot be reached.
	 */
	abstract void prepareStore();

	/**
	 * The properties that make an instance use the shared store.
	 */
	abstract List<String> storeProperties();

	/**
	 * Remove what the test left in the store.
	 */
	void cleanStore() {
	}

	@BeforeEach
	void startTwoInstances() {
		prepareStore();
		this.a = start("instance-a");
		this.b = start("instance-b");
	}

	@AfterEach
	void stopInstances() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		cleanStore();
	}

	@Test
	void whatOneInstanceAcceptsTheOtherReportsServesAndCancels() throws IOException {
		String key = Hold.newKey();
		String running = Hold.newKey();
		try (RawHttpConnection onA = connect(this.a); RawHttpConnection onB = connect(this.b)) {
			String location = Monitors.accepted(onA.send(RawHttpConnection.get("/jobs/text/" + key)).readResponse());
			await().until(() -> Holds.isEntered(key));
			assertThat(Monitors.monitor(onB, location).get("status").asString()).isEqualTo("running");
			Holds.release(key);
			assertThat(Monitors.awaitDone(onB, location).get("status").asString()).isEqualTo("succeeded");
			Exchange result = onB.send(RawHttpConnection.get(location + "/result")).readResponse();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.bodyText()).isEqualTo("text " + key);

			String cancelable = Monitors
				.accepted(onA.send(RawHttpConnection.get("/jobs/cancelable/" + running)).readResponse());
			await().until(() -> Holds.isEntered(running));
			Exchange requested = onB.send(RawHttpConnection.request("DELETE", cancelable)).readResponse();
			assertThat(requested.status()).isEqualTo(202);
			JsonNode monitor = Monitors.json(requested);
			assertThat(monitor.get("done").asBoolean()).isFalse();
			assertThat(monitor.get("cancelRequested").asBoolean()).isTrue();
			// Instance A carries the cancel out when it next renews its leases.
			await().atMost(RENEW_INTERVAL.plusSeconds(5))
				.until(() -> AcceptedTestApplication.interrupted.contains(running));
			assertThat(Monitors.awaitDone(onB, cancelable).get("status").asString()).isEqualTo("canceled");
		}
	}

	@Test
	void repeatOnTheOtherInstanceWithTheSameIdempotencyKeyFindsTheSameOperation() throws IOException {
		String job = Hold.newKey();
		String submit = RawHttpConnection.request("POST", "/jobs/once/" + job, "Content-Type: text/plain",
				"Content-Length: 6", "Idempotency-Key: " + Hold.newKey()) + "report";
		try (RawHttpConnection onA = connect(this.a); RawHttpConnection onB = connect(this.b)) {
			String location = Monitors.accepted(onA.send(submit).readResponse());
			Exchange repeat = onB.send(submit).readResponse();
			assertThat(repeat.status()).isEqualTo(202);
			assertThat(repeat.header("Location")).isEqualTo(location);
			Monitors.awaitDone(onB, location);
		}
		assertThat(AcceptedTestApplication.runs.get(job)).hasValue(1);
	}

	@Test
	void workOfAnInstanceThatStopsWithoutAWordFailsWithinALease() throws IOException {
		String key = Hold.newKey();
		String location;
		try (RawHttpConnection onB = connect(this.b)) {
			try (RawHttpConnection onA = connect(this.a)) {
				location = Monitors.accepted(onA.send(RawHttpConnection.get("/jobs/text/" + key)).readResponse());
			}
			await().until(() -> Holds.isEntered(key));
			// Instance A freezes: it renews no lease and starts no work, and its worker never returns in time.
			this.a.getBean("processingHousekeepingScheduler", ThreadPoolTaskScheduler.class)
				.getScheduledExecutor()
				.shutdownNow();
			this.a.getBean("processingOperationExecutor", ThreadPoolTaskExecutor.class)
				.getThreadPoolExecutor()
				.shutdown();
			JsonNode failed = await().atMost(LEASE.plus(RENEW_INTERVAL).plusSeconds(1))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> Monitors.monitor(onB, location), (monitor) -> monitor.get("done").asBoolean());
			assertThat(failed.get("status").asString()).isEqualTo("failed");
			JsonNode problem = Monitors.problem(onB.send(RawHttpConnection.get(location + "/result")).readResponse(),
					503);
			assertThat(problem.get("type").asString()).isEqualTo(OperationResponses.INSTANCE_STOPPED_TYPE);
			// The frozen work that ends late changes nothing.
			Holds.release(key);
			awaitIdle(this.a);
		}
		try (RawHttpConnection onB = connect(this.b)) {
			assertThat(Monitors.monitor(onB, location).get("status").asString()).isEqualTo("failed");
		}
	}

	@Test
	void freshInstanceServesTheResultOfOneThatStopped() throws IOException {
		String key = Hold.newKey();
		String location;
		try (RawHttpConnection onA = connect(this.a)) {
			location = Monitors.accepted(onA.send(RawHttpConnection.get("/jobs/text/" + key)).readResponse());
			Holds.release(key);
			Monitors.awaitDone(onA, location);
		}
		this.a.close();
		this.b.close();
		ConfigurableApplicationContext fresh = start("instance-c");
		try (RawHttpConnection onFresh = connect(fresh)) {
			assertThat(Monitors.monitor(onFresh, location).get("status").asString()).isEqualTo("succeeded");
			Exchange result = onFresh.send(RawHttpConnection.get(location + "/result")).readResponse();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.bodyText()).isEqualTo("text " + key);
		}
	}

	private ConfigurableApplicationContext start(String instance) {
		List<String> properties = new ArrayList<>(List.of("server.port=0",
				"processing.accepted.instance-id=" + instance + "-" + UUID.randomUUID(),
				"processing.accepted.lease.duration=" + LEASE.toMillis() + "ms",
				"processing.accepted.lease.renew-interval=" + RENEW_INTERVAL.toMillis() + "ms"));
		properties.addAll(storeProperties());
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AcceptedTestApplication.class)
			.properties(properties.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		return context;
	}

	private static void awaitIdle(ConfigurableApplicationContext context) {
		ThreadPoolTaskExecutor executor = context.getBean("processingOperationExecutor", ThreadPoolTaskExecutor.class);
		await().until(() -> executor.getActiveCount() == 0);
	}

	private static RawHttpConnection connect(ConfigurableApplicationContext context) throws IOException {
		return new RawHttpConnection(((WebServerApplicationContext) context).getWebServer().getPort());
	}

}
