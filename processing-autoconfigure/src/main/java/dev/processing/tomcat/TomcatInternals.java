package dev.processing.tomcat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.catalina.util.ServerInfo;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.ActionHook;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * The Tomcat internals that interim responses need, resolved once: the action hooks of the coyote request and
 * response, and the socket of a processor.
 *
 * @since 0.1.0
 */
public final class TomcatInternals {

	private static final Log logger = LogFactory.getLog(TomcatInternals.class);

	private final VarHandle requestHook;

	private final VarHandle responseHook;

	private final VarHandle processorSocket;

	private TomcatInternals(VarHandle requestHook, VarHandle responseHook, VarHandle processorSocket) {
		this.requestHook = requestHook;
		this.responseHook = responseHook;
		this.processorSocket = processorSocket;
	}

	/**
	 * Return the internals of the Tomcat on the class path, resolved on first use.
	 * @return the internals, or {@code null} (after one WARN line) when this Tomcat lacks one of them
	 */
	public static @Nullable TomcatInternals get() {
		return Holder.instance;
	}

	private static @Nullable TomcatInternals resolve() {
		try {
			return new TomcatInternals(field(Request.class, "hook", ActionHook.class),
					field(Response.class, "hook", ActionHook.class),
					field(AbstractProcessor.class, "socketWrapper", SocketWrapperBase.class));
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.warn("Interim responses are switched off: Tomcat " + ServerInfo.getServerNumber()
					+ " does not offer an internal member they need (" + ex + ")");
			return null;
		}
	}

	private static VarHandle field(Class<?> owner, String name, Class<?> type) throws ReflectiveOperationException {
		return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
	}

	private static final class Holder {

		private static final @Nullable TomcatInternals instance = resolve();

	}

	@Nullable ActionHook hook(Response response) {
		return (ActionHook) this.responseHook.getVolatile(response);
	}

	/**
	 * Route the actions of a request and of its response through the given hook.
	 */
	void setHook(Request request, ActionHook hook) {
		this.requestHook.setVolatile(request, hook);
		this.responseHook.setVolatile(request.getResponse(), hook);
	}

	/**
	 * Give a request and its response back to their processor, unless something else replaced the hook meanwhile.
	 */
	void restoreHook(Request request, ActionHook expected, ActionHook processor) {
		this.requestHook.compareAndSet(request, expected, processor);
		this.responseHook.compareAndSet(request.getResponse(), expected, processor);
	}

	@Nullable SocketWrapperBase<?> socket(AbstractProcessor processor) {
		return (SocketWrapperBase<?>) this.processorSocket.getVolatile(processor);
	}

}
