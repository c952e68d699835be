package dev.processing.micrometer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

	private volatile @Nullable Meters meters;

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
		this.meters = new Meters(registry);
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
		Meters meters = this.meters;
		if (meters != null) {
			meters.submissions.get(outcome).increment();
		}
	}

	@Override
	public void started(Duration queued) {
		Meters meters = this.meters;
		if (meters != null) {
			meters.queued.record(queued);
		}
	}

	@Override
	public void ended(OperationStatus status, Duration ran, long resultSize) {
		Meters meters = this.meters;
		if (meters == null) {
			return;
		}
		Timer duration = meters.durations.get(status);
		if (duration != null) {
			duration.record(ran);
		}
		if (resultSize >= 0) {
			meters.resultSizes.record(resultSize);
		}
	}

	@Override
	public void lost() {
		Meters meters = this.meters;
		if (meters != null) {
			meters.lost.increment();
		}
	}

	/**
	 * Return a store that times every call to the given one, by call and store type.
	 * @param store the store
	 * @return the timed store
	 */
	@Override
	public OperationStore instrument(OperationStore store) {
		return new TimedOperationStore(store, () -> this.meters);
	}

	/**
	 * The meters of the operations in one registry, registered once, when they are bound.
	 */
	static final class Meters {

		private final MeterRegistry registry;

		private final Map<Submission, Counter> submissions = new EnumMap<>(Submission.class);

		private final Timer queued;

		private final Map<OperationStatus, Timer> durations = new EnumMap<>(OperationStatus.class);

		private final DistributionSummary resultSizes;

		private final Counter lost;

		private final Map<String, Timer> storeCalls = new ConcurrentHashMap<>();

		Meters(MeterRegistry registry) {
			this.registry = registry;
			for (Submission outcome : Submission.values()) {
				this.submissions.put(outcome, Counter.builder("processing.operations.submissions")
					.tag("outcome", outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'))
					.description("Submissions of 202 Accepted operations by how they were answered")
					.register(registry));
			}
			this.queued = Timer.builder("processing.operations.queued")
				.description("How long operations waited for a worker")
				.register(registry);
			for (OperationStatus status : List.of(OperationStatus.SUCCEEDED, OperationStatus.FAILED,
					OperationStatus.CANCELED)) {
				this.durations.put(status, Timer.builder("processing.operations.duration")
					.tag("outcome", status.value())
					.description("How long operations ran, by how they ended")
					.register(registry));
			}
			this.resultSizes = DistributionSummary.builder("processing.operations.result.size")
				.baseUnit("bytes")
				.description("Sizes of the results operations kept")
				.register(registry);
			this.lost = Counter.builder("processing.operations.lost")
				.description("Operations ended because the instance running them stopped renewing their lease")
				.register(registry);
		}

		/**
		 * Return the timer of one kind of call to the store, registered the first time it is needed.
		 */
		Timer storeCall(String call, String store, String outcome) {
			return this.storeCalls.computeIfAbsent(call + " " + store + " " + outcome,
					(key) -> Timer.builder("processing.operations.store")
						.tag("call", call)
						.tag("store", store)
						.tag("outcome", outcome)
						.description("Calls to the operation store")
						.register(this.registry));
		}

	}

}
