package dev.processing.tomcat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code 102 Processing} interim responses (RFC 2518 §10.1) straight to a connection's socket, without ever
 * blocking.
 *
 * @since 0.1.0
 */
final class InterimResponseWriter {

	private static final String STATUS_LINE = "HTTP/1.1 102 Processing\r\n";

	private static final byte[] PROCESSING = (STATUS_LINE + "\r\n").getBytes(StandardCharsets.US_ASCII);

	private InterimResponseWriter() {
	}

	/**
	 * Write one interim response unless the client has not yet taken the previous bytes; the caller holds the
	 * connection's {@link CommitGate}.
	 * <p>
	 * The bytes go into the connection's own write buffer, which is empty when this writes. What the socket does not
	 * take at once stays there, ahead of anything Tomcat writes next, and leaves with Tomcat's next write. Nothing is
	 * ever put in Tomcat's separate non-blocking write queue, which a later blocking write would overtake.
	 * @param socket the connection
	 * @param fields header field lines for the interim response, each ending in CRLF and made of printable ASCII
	 * only, or {@code null} for none
	 * @return whether the interim response was written; {@code false} if the client is not reading
	 * @throws IOException if the client has gone away
	 */
	static boolean writeProcessing(SocketWrapperBase<?> socket, @Nullable String fields) throws IOException {
		if (socket.hasDataToWrite() && socket.flush(false)) {
			return false;
		}
		byte[] bytes = (fields != null) ? withFields(fields) : PROCESSING;
		socket.write(false, bytes, 0, bytes.length);
		socket.flush(false);
		return true;
	}

	private static byte[] withFields(String fields) {
		return (STATUS_LINE + fields + "\r\n").getBytes(StandardCharsets.US_ASCII);
	}

}
