package dev.processing.wire;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.processing.micrometer.OperationObservations;
import dev.processing.wire.RawHttpConnection.Exchange;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter's meters and observations, read from the application's registries after real requests on the wire.
 */
@SpringBootTest(classes = AcceptedTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms" })
@Import(MetricsWireTests.RecordedObservations.class)
class MetricsWireTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Autowired
	RecordedObservations observations;

	@Test
	void interimResponsesAreCountedAsTheyAreSentAndTheHeldRequestIsGauged() throws IOException {
		double sentBefore = counter("processing.interim.responses", "outcome", "sent");
		long ticksBefore = this.registry.get("processing.interim.lateness").timer().count();
		String key = Hold.newKey();
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			connection.send(RawHttpConnection.get("/interim/once/" + key));
			connection.readInterim();
			await().until(() -> Holds.isEntered(key));
			assertThat(this.registry.get("processing.interim.requests").gauge().value()).isEqualTo(1);
			Holds.release(key);
			Exchange exchange = connection.readResponse();
			assertThat(exchange.status()).isEqualTo(200);
			long interims = exchange.processingCount() + 1;
			assertThat(counter("processing.interim.responses", "outcome", "sent") - sentBefore).isEqualTo(interims);
			assertThat(this.registry.get("processing.interim.lateness").timer().count() - ticksBefore)
				.isGreaterThanOrEqualTo(interims);
		}
		await().until(() -> this.registry.get("processing.interim.requests").gauge().value() == 0);
	}

	@Test
	void operationsAreCountedTimedAndObservedAsChildrenOfTheirRequest() throws IOException {
		double acceptedBefore = counter("processing.operations.submissions", "outcome", "accepted");
		double replayedBefore = counter("processing.operations.submissions", "outcome", "idempotent-replay");
		long succeededBefore = timerCount("processing.operations.duration", "outcome", "succeeded");
		String job = Hold.newKey();
		String submit = RawHttpConnection.request("POST", "/jobs/once/" + job, "Content-Type: text/plain",
				"Content-Length: 6", "Idempotency-Key: " + UUID.randomUUID()) + "report";
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			String location = Monitors.accepted(connection.send(submit).readResponse());
			Monitors.awaitDone(connection, location);
			Monitors.accepted(connection.send(submit).readResponse());
		}
		assertThat(counter("processing.operations.submissions", "outcome", "accepted") - acceptedBefore).isOne();
		assertThat(counter("processing.operations.submissions", "outcome", "idempotent-replay") - replayedBefore)
			.isOne();
		assertThat(timerCount("processing.operations.duration", "outcome", "succeeded") - succeededBefore).isOne();
		assertThat(this.registry.get("processing.operations.queued").timer().count()).isPositive();
		assertThat(this.registry.get("processing.operations.result.size").summary().max())
			.isEqualTo("ran report".length());
		assertThat(timerCount("processing.operations.store", "call", "add")).isPositive();
		assertThat(this.registry.get("processing.operations.store")
			.tags("call", "add", "store", "memory", "outcome", "success")
			.timer()
			.count()).isPositive();
		assertThat(this.registry.get("processing.operations.active").tag("status", "running").gauge().value())
			.isZero();
		Observation.Context run = await().until(() -> this.observations.find(OperationObservations.NAME),
				(context) -> context != null);
		// Within the request's observation (Spring Security's own may stand between).
		List<String> ancestors = new ArrayList<>();
		for (ObservationView parent = run.getParentObservation(); parent != null; parent = parent.getContextView()
			.getParentObservation()) {
			ancestors.add(parent.getContextView().getName());
		}
		assertThat(ancestors).contains("http.server.requests");
	}

	private double counter(String name, String tag, String value) {
		var counter = Search.in(this.registry).name(name).tag(tag, value).functionCounter();
		if (counter != null) {
			return counter.count();
		}
		var plain = Search.in(this.registry).name(name).tag(tag, value).counter();
		return (plain != null) ? plain.count() : 0;
	}

	private long timerCount(String name, String tag, String value) {
		return Search.in(this.registry).name(name).tag(tag, value).timers().stream().mapToLong((t) -> t.count()).sum();
	}

	/**
	 * Records the observations that start, to look their parents up.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class RecordedObservations implements ObservationHandler<Observation.Context> {

		private final List<Observation.Context> started = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Observation.Context context) {
			this.started.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		Observation.Context find(String name) {
			return this.started.stream().filter((context) -> name.equals(context.getName())).findFirst().orElse(null);
		}

	}

}
