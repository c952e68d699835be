package dev.processing.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One GET on a connection of its own, read to its end as raw bytes: every interim response and the final one.
 */
final class RawHttp {

	private RawHttp() {
	}

	static String exchange(int port, String path, String... fields) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			StringBuilder request = new StringBuilder(
					"GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: sample-test/1.0\r\n");
			for (String field : fields) {
				request.append(field).append("\r\n");
			}
			out.write(request.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
