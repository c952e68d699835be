package dev.processing.tomcat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.ActionHook;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;

/**
 * A context valve that lets the application start {@code 102 Processing} interim responses for the request it is
 * handling, on plain HTTP/1.1 connections only.
 * <p>
 * For every request the valve remembers, for the thread that handles it, which request that is, and looks whether the
 * request has a {@link CommitGate}: it tells the gate when a container thread enters and leaves, and disarms it when
 * the request leaves without going async. The rest is done by {@link #start(Duration, Duration, int, Supplier)}, for the requests
 * that ask for it.
 *
 * @since 0.1.0
 */
public class InterimResponseValve extends ValveBase {

	private static final Log logger = LogFactory.getLog(InterimResponseValve.class);

	private static final ThreadLocal<Request> currentRequest = new ThreadLocal<>();

	private final TomcatInternals internals;

	private final TaskScheduler scheduler;

	private final AtomicInteger active = new AtomicInteger();

	private final LongAdder sent = new LongAdder();

	private final LongAdder skipped = new LongAdder();

	private final LongAdder capped = new LongAdder();

	private volatile LongConsumer lateness = (nanos) -> {
	};

	/**
	 * Create a valve.
	 * @param internals the Tomcat internals to reach the connection through
	 * @param scheduler the scheduler that writes interim responses when they are due; its tasks never block
	 */
	public InterimResponseValve(TomcatInternals internals, TaskScheduler scheduler) {
		super(true);
		this.internals = internals;
		this.scheduler = scheduler;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		Request previous = currentRequest.get();
		currentRequest.set(request);
		CommitGate gate = gate(request);
		if (gate != null) {
			// An async dispatch of a request with interim responses running.
			gate.containerThreadEntered();
		}
		try {
			getNext().invoke(request, response);
		}
		finally {
			currentRequest.set(previous);
			gate = gate(request);
			if (gate != null) {
				if (request.isAsync()) {
					gate.containerThreadLeft();
				}
				else {
					// The response is complete as far as the application is concerned. Tomcat may still commit it
					// without passing the gate (an error page, a response left suspended by sendError).
					gate.disarm();
				}
			}
		}
	}

	private @Nullable CommitGate gate(Request request) {
		ActionHook hook = this.internals.hook(request.getCoyoteRequest().getResponse());
		return (hook instanceof CommitGate gate && gate.belongsToCurrentRequest()) ? gate : null;
	}

	/**
	 * Start interim responses for the request that the current thread handles, unless they cannot be sent on its
	 * connection (not HTTP/1.1, not a plain HTTP/1.1 processor, already committed) or are already running.
	 * @param initialDelay how long until the first interim response
	 * @param interval how long between two interim responses
	 * @param maxCount how many interim responses the request may get at most
	 * @param fields supplies, for each interim response, its header field lines (each ending in CRLF, printable
	 * ASCII only), or {@code null} for none
	 * @return whether interim responses run for the request
	 */
	public boolean start(Duration initialDelay, Duration interval, int maxCount, Supplier<@Nullable String> fields) {
		Request request = currentRequest.get();
		if (request == null) {
			return false;
		}
		if (maxCount <= 0) {
			// The client policy allows this request none.
			this.capped.increment();
			return false;
		}
		org.apache.coyote.Request coyoteRequest = request.getCoyoteRequest();
		// RFC 9110 §15.2: no 1xx to an HTTP/1.0 client.
		if (!coyoteRequest.protocol().equals("HTTP/1.1") || coyoteRequest.getResponse().isCommitted()) {
			return false;
		}
		ActionHook hook = this.internals.hook(coyoteRequest.getResponse());
		if (hook instanceof CommitGate gate) {
			if (gate.belongsToCurrentRequest()) {
				return true;
			}
			gate.disarm();
			hook = gate.processor();
		}
		if (!(hook instanceof Http11Processor processor)) {
			return false;
		}
		SocketWrapperBase<?> socket = this.internals.socket(processor);
		if (socket == null) {
			return false;
		}
		InterimTicker ticker = new InterimTicker(this.scheduler, initialDelay, interval, this.lateness);
		AtomicInteger sentToRequest = new AtomicInteger();
		CommitGate gate = new CommitGate(processor, coyoteRequest, socket, this.internals, fields,
				new CommitGate.Listener() {

			@Override
			public void sent() {
				InterimResponseValve.this.sent.increment();
				if (sentToRequest.incrementAndGet() >= maxCount) {
					// The client's limit: no more interim responses, the request carries on.
					InterimResponseValve.this.capped.increment();
					ticker.stop();
				}
			}

			@Override
			public void skipped() {
				InterimResponseValve.this.skipped.increment();
			}

			@Override
			public void disarmed() {
				ticker.stop();
				InterimResponseValve.this.active.decrementAndGet();
			}

		});
		this.active.incrementAndGet();
		gate.install();
		ticker.start(gate);
		if (logger.isDebugEnabled()) {
			logger.debug("Interim responses started for request " + coyoteRequest.getRequestId() + " after "
					+ initialDelay + ", every " + interval);
		}
		return true;
	}

	/**
	 * Return how many requests currently have interim responses running.
	 * @return the number of requests
	 */
	public int getActiveCount() {
		return this.active.get();
	}

	/**
	 * Return how many interim responses have been written since start-up.
	 * @return the number of interim responses
	 */
	public long getSentCount() {
		return this.sent.sum();
	}

	/**
	 * Return how many requests, since start-up, got fewer interim responses than their handler asked for because the
	 * client policy allows their client no more (or none).
	 * @return the number of requests
	 */
	public long getCappedCount() {
		return this.capped.sum();
	}

	/**
	 * Tell how late each tick of interim responses runs, in nanoseconds after it was due, for metrics.
	 * @param lateness receives the lateness of each tick; it must not block
	 */
	public void setLateness(LongConsumer lateness) {
		this.lateness = lateness;
	}

	/**
	 * Return how many interim responses were due but skipped, since start-up, because their client had not taken
	 * the previous one yet.
	 * @return the number of skipped interim responses
	 */
	public long getSkippedCount() {
		return this.skipped.sum();
	}

}
