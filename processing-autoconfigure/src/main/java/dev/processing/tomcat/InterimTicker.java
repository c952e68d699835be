package dev.processing.tomcat;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;

/**
 * Sends the interim responses of one request from the shared scheduler, a fixed delay apart, until its
 * {@link CommitGate} says no.
 * <p>
 * Writes never block, so one scheduler thread serves every request: a client that stops reading only has its own
 * interim responses skipped.
 *
 * @since 0.1.0
 */
final class InterimTicker implements Runnable {

	private final TaskScheduler scheduler;

	private final Duration initialDelay;

	private final Duration interval;

	private volatile @Nullable CommitGate gate;

	private volatile @Nullable ScheduledFuture<?> ticks;

	private volatile boolean stopped;

	private final LongConsumer lateness;

	private volatile long due;

	/**
	 * Create a ticker.
	 * @param scheduler the scheduler to tick on
	 * @param initialDelay how long until the first tick
	 * @param interval how long between the end of one tick and the next
	 * @param lateness told how many nanoseconds after it was due each tick ran
	 */
	InterimTicker(TaskScheduler scheduler, Duration initialDelay, Duration interval, LongConsumer lateness) {
		this.scheduler = scheduler;
		this.initialDelay = initialDelay;
		this.interval = interval;
		this.lateness = lateness;
	}

	/**
	 * Start ticking through the given gate.
	 * @param gate the gate of the request
	 */
	void start(CommitGate gate) {
		this.gate = gate;
		this.due = System.nanoTime() + this.initialDelay.toNanos();
		try {
			this.ticks = this.scheduler.scheduleWithFixedDelay(this,
					this.scheduler.getClock().instant().plus(this.initialDelay), this.interval);
		}
		catch (RejectedExecutionException ex) {
			// The scheduler is shutting down: the request carries on without interim responses.
			gate.disarm();
			return;
		}
		if (this.stopped) {
			// The first tick may have stopped the ticker before the assignment above.
			stop();
		}
	}

	/**
	 * Stop for good.
	 */
	void stop() {
		this.stopped = true;
		ScheduledFuture<?> ticks = this.ticks;
		if (ticks != null) {
			ticks.cancel(false);
		}
	}

	@Override
	public void run() {
		this.lateness.accept(Math.max(0, System.nanoTime() - this.due));
		CommitGate gate = this.gate;
		if (!this.stopped && gate != null && !gate.sendProcessing()) {
			stop();
		}
		// A fixed delay: the next tick is due an interval after this one ends.
		this.due = System.nanoTime() + this.interval.toNanos();
	}

}
