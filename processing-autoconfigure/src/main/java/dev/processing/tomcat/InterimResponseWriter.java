package dev.processing.tomcat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Writes a {@code 102 Processing} interim response (RFC 2518 §10.1) straight to a connection's socket.
 *
 * @since 0.1.0
 */
final class InterimResponseWriter {

	private static final byte[] PROCESSING = "HTTP/1.1 102 Processing\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private InterimResponseWriter() {
	}

	/**
	 * Write one interim response and flush it; the caller holds the connection's {@link CommitGate}.
	 * @param socket the connection
	 * @throws IOException if the client has gone away or the write timed out
	 */
	static void writeProcessing(SocketWrapperBase<?> socket) throws IOException {
		// Blocking, like Tomcat's own 100-continue acknowledgement: the bytes must be on the wire before the gate
		// lets the final response through.
		socket.write(true, PROCESSING, 0, PROCESSING.length);
		if (socket.flush(true)) {
			throw new IOException("Interim response was not fully written");
		}
	}

}
