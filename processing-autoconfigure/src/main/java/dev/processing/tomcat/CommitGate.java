package dev.processing.tomcat;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.ActionCode;
import org.apache.coyote.ActionHook;
import org.apache.coyote.Request;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Stands between one request and its coyote processor so that an interim response never interleaves with the final
 * response: the first action that commits (or closes) waits for an interim response being written, disarms the gate
 * for good and hands the request back to its processor; the other interim writes of Tomcat's ({@code 100 Continue},
 * early hints) are written under the same lock.
 * <p>
 * Processors, coyote requests and responses are pooled, so a gate also checks that the request it was made for is
 * still the one being served before it writes.
 *
 * @since 0.1.0
 */
final class CommitGate implements ActionHook {

	private static final Log logger = LogFactory.getLog(CommitGate.class);

	private final AbstractProcessor processor;

	private final Request request;

	private final String requestId;

	private final SocketWrapperBase<?> socket;

	private final TomcatInternals internals;

	private final Listener listener;

	private final Supplier<@Nullable String> fields;

	private final ReentrantLock lock = new ReentrantLock();

	private boolean armed = true;

	private volatile boolean containerThreadActive = true;

	CommitGate(AbstractProcessor processor, Request request, SocketWrapperBase<?> socket, TomcatInternals internals,
			Supplier<@Nullable String> fields, Listener listener) {
		this.processor = processor;
		this.request = request;
		this.requestId = request.getRequestId();
		this.socket = socket;
		this.internals = internals;
		this.fields = fields;
		this.listener = listener;
	}

	/**
	 * Put this gate between the request and its processor.
	 */
	void install() {
		this.internals.setHook(this.request, this);
	}

	AbstractProcessor processor() {
		return this.processor;
	}

	/**
	 * Whether this gate was made for the request that the pooled coyote request serves now.
	 */
	boolean belongsToCurrentRequest() {
		// Tomcat gives a coyote request a new id object each time it is recycled.
		return this.request.getRequestId() == this.requestId;
	}

	@Override
	public void action(ActionCode actionCode, Object param) {
		switch (actionCode) {
			case COMMIT, CLOSE, CLIENT_FLUSH, CLOSE_NOW, UPGRADE -> {
				disarm();
				this.processor.action(actionCode, param);
			}
			case ACK, EARLY_HINTS -> {
				this.lock.lock();
				try {
					this.processor.action(actionCode, param);
				}
				finally {
					this.lock.unlock();
				}
			}
			default -> this.processor.action(actionCode, param);
		}
	}

	/**
	 * Note that a container thread is working on the request now (it holds the connection's lock).
	 */
	void containerThreadEntered() {
		this.containerThreadActive = true;
	}

	/**
	 * Note that no container thread is working on the request any more: it waits for its async result.
	 */
	void containerThreadLeft() {
		this.containerThreadActive = false;
	}

	/**
	 * Write one interim response if the request is still this gate's and its final response has not started.
	 * @return whether interim responses may go on; once {@code false}, it stays so
	 */
	boolean sendProcessing() {
		boolean disarmed = false;
		this.lock.lock();
		try {
			if (!this.armed) {
				return false;
			}
			if (!belongsToCurrentRequest() || this.request.getResponse().isCommitted() || this.socket.isClosed()) {
				disarmed = disarmLocked();
				return false;
			}
			writeProcessing();
			return true;
		}
		catch (IOException | RuntimeException ex) {
			// The client went away; the final response will find out for itself.
			if (logger.isDebugEnabled()) {
				logger.debug("Interim responses stopped for request " + this.requestId + ": " + ex);
			}
			disarmed = disarmLocked();
			return false;
		}
		finally {
			this.lock.unlock();
			if (disarmed) {
				this.listener.disarmed();
			}
		}
	}

	private void writeProcessing() throws IOException {
		if (this.containerThreadActive) {
			// The container thread holds the connection's lock until it leaves the valve, and the gate is disarmed
			// before a synchronous request ends, so the connection cannot be closed under this write.
			write();
			return;
		}
		// While the request waits for its async result, Tomcat takes the connection's lock for anything it does with
		// the connection (timeouts, errors, closing it); keep out of its way and try again at the next tick.
		ReentrantLock connectionLock = this.socket.getLock();
		if (connectionLock.tryLock()) {
			try {
				if (!this.socket.isClosed()) {
					write();
				}
			}
			finally {
				connectionLock.unlock();
			}
		}
	}

	private void write() throws IOException {
		if (InterimResponseWriter.writeProcessing(this.socket, this.fields.get())) {
			this.listener.sent();
		}
		else {
			this.listener.skipped();
		}
	}

	/**
	 * Stop interim responses for good and hand the request back to its processor.
	 */
	void disarm() {
		boolean disarmed;
		this.lock.lock();
		try {
			disarmed = disarmLocked();
		}
		finally {
			this.lock.unlock();
		}
		if (disarmed) {
			this.listener.disarmed();
		}
	}

	private boolean disarmLocked() {
		if (!this.armed) {
			return false;
		}
		this.armed = false;
		this.internals.restoreHook(this.request, this, this.processor);
		return true;
	}

	/**
	 * Hears what happens at a gate.
	 */
	interface Listener {

		/**
		 * An interim response was written.
		 */
		void sent();

		/**
		 * An interim response was due, but the client had not taken the previous one yet.
		 */
		void skipped();

		/**
		 * The gate was disarmed; called once, without the gate's lock.
		 */
		void disarmed();

	}

}
