package dev.processing.tomcat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;

/**
 * Sends the interim responses of one request: the shared scheduler only decides when, and each write runs on the
 * write executor so that a client that stops reading cannot hold up the ticks of other requests.
 * <p>
 * A tick is planned only after the previous write has finished, so a slow connection never has more than one write
 * in flight or queued.
 *
 * @since 0.1.0
 */
final class InterimTicker implements Runnable {

	private final TaskScheduler scheduler;

	private final Executor writeExecutor;

	private final Duration interval;

	private @Nullable CommitGate gate;

	private volatile @Nullable ScheduledFuture<?> nextTick;

	private volatile boolean stopped;

	private Instant plannedAt = Instant.EPOCH;

	InterimTicker(TaskScheduler scheduler, Executor writeExecutor, Duration interval) {
		this.scheduler = scheduler;
		this.writeExecutor = writeExecutor;
		this.interval = interval;
	}

	void start(CommitGate gate, Duration initialDelay) {
		this.gate = gate;
		this.plannedAt = this.scheduler.getClock().instant().plus(initialDelay);
		plan();
	}

	/**
	 * Stop for good: no tick is planned any more, and a planned one is cancelled.
	 */
	void stop() {
		this.stopped = true;
		ScheduledFuture<?> tick = this.nextTick;
		if (tick != null) {
			tick.cancel(false);
		}
	}

	@Override
	public void run() {
		CommitGate gate = this.gate;
		if (!this.stopped && gate != null && gate.sendProcessing()) {
			Instant now = this.scheduler.getClock().instant();
			Instant next = this.plannedAt.plus(this.interval);
			this.plannedAt = next.isBefore(now) ? now : next;
			plan();
		}
	}

	private void plan() {
		try {
			this.nextTick = this.scheduler.schedule(this::hand, this.plannedAt);
		}
		catch (RejectedExecutionException ex) {
			giveUp();
			return;
		}
		if (this.stopped) {
			// stop() may have run between the check and the assignment above.
			stop();
		}
	}

	private void hand() {
		try {
			this.writeExecutor.execute(this);
		}
		catch (RejectedExecutionException ex) {
			giveUp();
		}
	}

	private void giveUp() {
		CommitGate gate = this.gate;
		if (gate != null) {
			gate.disarm();
		}
	}

}
