package dev.processing.tomcat;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.ActionCode;
import org.apache.coyote.ActionHook;
import org.apache.coyote.Request;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Stands between one request and its coyote processor so that an interim response never interleaves with the final
 * response: every action that writes to the connection passes one lock, and the first action that commits (or closes)
 * disarms the gate for good and hands the request back to its processor.
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

	private final Runnable onSent;

	private final Runnable onDisarm;

	private final ReentrantLock lock = new ReentrantLock();

	private boolean armed = true;

	CommitGate(AbstractProcessor processor, Request request, SocketWrapperBase<?> socket, TomcatInternals internals,
			Runnable onSent, Runnable onDisarm) {
		this.processor = processor;
		this.request = request;
		this.requestId = request.getRequestId();
		this.socket = socket;
		this.internals = internals;
		this.onSent = onSent;
		this.onDisarm = onDisarm;
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
	 * Write one interim response if the request is still this gate's and its final response has not started.
	 * @return whether it was written; once {@code false}, it stays so
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
			InterimResponseWriter.writeProcessing(this.socket);
			this.onSent.run();
			return true;
		}
		catch (IOException | RuntimeException ex) {
			// The client went away or stopped reading; the final response will find out for itself.
			if (logger.isDebugEnabled()) {
				logger.debug("Interim responses stopped for request " + this.requestId + ": " + ex);
			}
			disarmed = disarmLocked();
			return false;
		}
		finally {
			this.lock.unlock();
			if (disarmed) {
				this.onDisarm.run();
			}
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
			this.onDisarm.run();
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

}
