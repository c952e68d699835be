package dev.processing.operation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Keeps the {@link Operations} of this instance in order on a scheduler of their own: renews their leases, ends the
 * operations of instances that stopped, removes expired operations, and on shutdown ends the operations still
 * queued or running here.
 * <p>
 * It stops in the first shutdown phase, before the web server's graceful shutdown, so that clients can still poll
 * while running operations use their grace period.
 *
 * @since 0.1.0
 */
public class OperationHousekeeping implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OperationHousekeeping.class);

	private final Operations operations;

	private final TaskScheduler scheduler;

	private final Duration renewInterval;

	private final Duration sweepInterval;

	private final Duration grace;

	private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

	private volatile boolean running;

	/**
	 * Create an instance.
	 * @param operations the operations
	 * @param scheduler runs the housekeeping; never the scheduler of interim responses
	 * @param renewInterval how often leases are renewed and lost operations looked for
	 * @param sweepInterval how often expired operations are removed
	 * @param grace how long running operations may take to finish at shutdown
	 */
	public OperationHousekeeping(Operations operations, TaskScheduler scheduler, Duration renewInterval,
			Duration sweepInterval, Duration grace) {
		this.operations = operations;
		this.scheduler = scheduler;
		this.renewInterval = renewInterval;
		this.sweepInterval = sweepInterval;
		this.grace = grace;
	}

	@Override
	public synchronized void start() {
		this.operations.start();
		this.scheduled.add(this.scheduler.scheduleAtFixedRate(() -> quietly("renew leases", () -> {
			this.operations.renewLeases();
			this.operations.stopLeaseExpired();
		}), this.renewInterval));
		this.scheduled.add(this.scheduler.scheduleAtFixedRate(
				() -> quietly("remove expired operations", this.operations::removeExpired), this.sweepInterval));
		this.running = true;
	}

	private static void quietly(String what, Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			// The store may be unreachable for a while: say so without a stack trace, and try again next time.
			logger.warn("Could not " + what + ": " + ex);
			if (logger.isDebugEnabled()) {
				logger.debug("Could not " + what, ex);
			}
		}
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public synchronized void stop(Runnable callback) {
		this.scheduled.forEach((future) -> future.cancel(false));
		this.scheduled.clear();
		this.running = false;
		Thread stopper = new Thread(() -> {
			try {
				Operations.Stopped stopped = this.operations.stop(this.grace);
				if (stopped.queued() > 0 || stopped.running() > 0) {
					logger.info("Shutdown ended " + stopped.queued() + " queued operation(s) that never started and "
							+ stopped.running() + " still running after " + this.grace.toMillis() + " ms; they failed "
							+ "with 503 instance stopped");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not end the operations of this instance at shutdown: " + ex);
			}
			finally {
				callback.run();
			}
		}, "processing-operations-shutdown");
		stopper.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
