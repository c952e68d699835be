package dev.processing.accepted;

import dev.processing.operation.StoredResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * Writes a {@link StoredResponse} to a servlet response.
 *
 * @since 0.1.0
 */
public final class StoredResponseWriter {

	private StoredResponseWriter() {
	}

	/**
	 * Write a stored response: its status, its header fields (added to those already set, except
	 * {@code Content-Type}, which replaces), and its body.
	 * @param stored the stored response
	 * @param response the servlet response, not committed
	 * @throws IOException if the client has gone away
	 */
	public static void write(StoredResponse stored, HttpServletResponse response) throws IOException {
		response.setStatus(stored.status());
		for (Map.Entry<String, List<String>> header : stored.headers().entrySet()) {
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(header.getKey())) {
				response.setContentType(header.getValue().get(0));
			}
			else {
				for (String value : header.getValue()) {
					response.addHeader(header.getKey(), value);
				}
			}
		}
		response.setContentLength(stored.body().length);
		if (stored.body().length > 0) {
			response.getOutputStream().write(stored.body());
		}
		response.flushBuffer();
	}

}
