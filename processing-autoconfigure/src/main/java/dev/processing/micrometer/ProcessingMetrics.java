package dev.processing.micrometer;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import dev.processing.operation.OperationEvents;
import dev.processing.operation.OperationStatus;
import dev.processing.operation.OperationStore;
import dev.processing.operation.Operations;
import dev.processing.tomcat.InterimResponseValve;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The meters of the starter: {@code 102 Processing} responses by outcome, requests that get them and how late their
 * ticks run; submissions by outcome, operations queued and running here, how long they wait and run, their result
 * sizes, the operations lost with their instance, and the calls to the store. Every tag has few values: no ids, no
 * paths.
 *
 * @since 0.1.0
 */
public class ProcessingMetrics implements MeterBinder, OperationEvents {

	private final Supplier<@Nullable InterimResponseValve> valve;

	private final Supplier<@Nullable Operations> operations;

	private volatile @Nullable MeterRegistry registry;

	/**
	 * Create an instance.
	 * @param valve the interim engine's valve, looked up when the meters are bound; it may be absent
	 * @param operations the operations, looked up when the meters are bound; they may be absent
	 */
	public ProcessingMetrics(Supplier<@Nullable InterimResponseValve> valve,
			Supplier<@Nullable Operations> operations) {
		this.valve = valve;
		this.operations = operations;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		InterimResponseValve valve = this.valve.get();
		if (valve != null) {
			interimResponses(registry, valve, "sent", InterimResponseValve::getSentCount,
					"interim responses written");
			interimResponses(registry, valve, "skipped", InterimResponseValve::getSkippedCount,
					"interim responses due but skipped because the client had not taken the previous bytes yet");
			interimResponses(registry, valve, "capped", InterimResponseValve::getCappedCount,
					"requests whose interim responses the client policy cut short or refused");
			Gauge.builder("processing.interim.requests", valve, InterimResponseValve::getActiveCount)
				.description("Requests with interim responses running now")
				.register(registry);
			Timer lateness = Timer.builder("processing.interim.lateness")
				.description("How long after it was due a tick of interim responses ran")
				.register(registry);
			valve.setLateness((nanos) -> lateness.record(nanos, TimeUnit.NANOSECONDS));
		}
		Operations operations = this.operations.get();
		if (operations != null) {
			Gauge.builder("processing.operations.active", operations, Operations::getQueuedCount)
				.tag("status", "queued")
				.description("Operations of this instance by status")
				.register(registry);
			Gauge.builder("processing.operations.active", operations, Operations::getRunningCount)
				.tag("status", "running")
				.description("Operations of this instance by status")
				.register(registry);
		}
		this.registry = registry;
	}

	private static void interimResponses(MeterRegistry registry, InterimResponseValve valve, String outcome,
			ToDoubleFunction<InterimResponseValve> count, String description) {
		FunctionCounter.builder("processing.interim.responses", valve, count)
			.tag("outcome", outcome)
			.description("102 Processing: " + description)
			.register(registry);
	}

	@Override
	public void submitted(Submission outcome) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			Counter.builder("processing.operations.submissions")
				.tag("outcome", outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.description("Submissions of 202 Accepted operations by how they were answered")
				.register(registry)
				.increment();
		}
	}

	@Override
	public void started(Duration queued) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			Timer.builder("processing.operations.queued")
				.description("How long operations waited for a worker")
				.register(registry)
				.record(queued);
		}
	}

	@Override
	public void ended(OperationStatus status, Duration ran, long resultSize) {
		MeterRegistry registry = this.registry;
		if (registry == null) {
			return;
		}
		Timer.builder("processing.operations.duration")
			.tag("outcome", status.value())
			.description("How long operations ran, by how they ended")
			.register(registry)
			.record(ran);
		if (resultSize >= 0) {
			DistributionSummary.builder("processing.operations.result.size")
				.baseUnit("bytes")
				.description("Sizes of the results operations kept")
				.register(registry)
				.record(resultSize);
		}
	}

	@Override
	public void lost() {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			Counter.builder("processing.operations.lost")
				.description("Operations ended because the instance running them stopped renewing their lease")
				.register(registry)
				.increment();
		}
	}

	/**
	 * Return a store that times every call to the given one, by call and store type.
	 * @param store the store
	 * @return the timed store
	 */
	@Override
	public OperationStore instrument(OperationStore store) {
		return new TimedOperationStore(store, () -> this.registry);
	}

}
