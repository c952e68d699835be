package dev.processing.wire;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client that reads an HTTP/1.1 connection byte by byte: it counts every interim (1xx) response and parses the
 * final response strictly, leaving the connection positioned at the next response.
 */
final class RawHttpConnection implements Closeable {

	private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([1-5][0-9]{2}) [\\x20-\\x7e]*");

	/**
	 * The {@code User-Agent} field line of the requests built here: a client without a rule, as most are.
	 */
	static final String USER_AGENT = "User-Agent: wire-test/1.0\r\n";

	private static final Pattern HEADER_LINE = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \\t]*(.*?)[ \\t]*");

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	RawHttpConnection(int port) throws IOException {
		this(port, 0);
	}

	/**
	 * Use a socket that is already connected (a TLS one, for example).
	 */
	RawHttpConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(15_000);
		this.in = this.socket.getInputStream();
		this.out = this.socket.getOutputStream();
	}

	/**
	 * Open a connection whose receive buffer is as small as the system allows, or the default with {@code 0}.
	 */
	RawHttpConnection(int port, int receiveBufferSize) throws IOException {
		this.socket = new Socket();
		if (receiveBufferSize > 0) {
			this.socket.setReceiveBufferSize(receiveBufferSize);
		}
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		this.socket.setSoTimeout(15_000);
		this.socket.setTcpNoDelay(true);
		this.in = this.socket.getInputStream();
		this.out = this.socket.getOutputStream();
	}

	static String get(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + USER_AGENT + "\r\n";
	}

	/**
	 * The head of a POST of a text body, without the body; with {@code Expect: 100-continue} if asked.
	 */
	static String postHead(String path, int contentLength, boolean expectContinue) {
		return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + USER_AGENT + "Content-Type: text/plain\r\nContent-Length: "
				+ contentLength + "\r\n" + (expectContinue ? "Expect: 100-continue\r\n" : "") + "\r\n";
	}

	/**
	 * A request without a body, with the given header field lines ({@code "Name: value"}).
	 */
	static String request(String method, String path, String... fields) {
		StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
		request.append("Host: localhost\r\n");
		if (Arrays.stream(fields).noneMatch((field) -> field.regionMatches(true, 0, "User-Agent:", 0, 11))) {
			request.append(USER_AGENT);
		}
		for (String field : fields) {
			request.append(field).append("\r\n");
		}
		return request.append("\r\n").toString();
	}

	/**
	 * A request with a JSON body, with the given header field lines ({@code "Name: value"}).
	 */
	static String postJson(String path, String json, String... fields) {
		String[] all = Arrays.copyOf(fields, fields.length + 2);
		all[fields.length] = "Content-Type: application/json";
		all[fields.length + 1] = "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length;
		return request("POST", path, all) + json;
	}

	RawHttpConnection send(String request) throws IOException {
		return send(request.getBytes(StandardCharsets.ISO_8859_1));
	}

	RawHttpConnection send(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
		return this;
	}

	/**
	 * Read one interim response; fails if the next response is a final one.
	 */
	Head readInterim() throws IOException {
		Head head = readHead();
		if (!head.isInterim()) {
			throw new MalformedResponseException("expected an interim response, got " + head.statusLine());
		}
		return head;
	}

	/**
	 * Read interim responses until the final response, and that response in full.
	 */
	Exchange readResponse() throws IOException {
		return readResponse(false);
	}

	Exchange readResponse(boolean headRequest) throws IOException {
		List<Head> interims = new ArrayList<>();
		Head head = readHead();
		while (head.isInterim()) {
			interims.add(head);
			head = readHead();
		}
		byte[] body = headRequest ? new byte[0] : readBody(head);
		return new Exchange(interims, head, body);
	}

	/**
	 * Whether the server sends nothing more for the given time.
	 */
	boolean isQuietFor(int millis) throws IOException {
		int timeout = this.socket.getSoTimeout();
		this.socket.setSoTimeout(millis);
		try {
			int b = this.in.read();
			if (b == -1) {
				throw new MalformedResponseException("connection closed");
			}
			return false;
		}
		catch (SocketTimeoutException ex) {
			return true;
		}
		finally {
			this.socket.setSoTimeout(timeout);
		}
	}

	/**
	 * Whether the server has closed the connection (after any bytes it still had to send).
	 */
	boolean isClosedByServer() throws IOException {
		return this.in.read() == -1;
	}

	private Head readHead() throws IOException {
		String statusLine = readLine();
		Matcher status = STATUS_LINE.matcher(statusLine);
		if (!status.matches()) {
			throw new MalformedResponseException("bad status line '" + statusLine + "'");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(); !line.isEmpty(); line = readLine()) {
			Matcher header = HEADER_LINE.matcher(line);
			if (!header.matches()) {
				throw new MalformedResponseException("bad header line '" + line + "' after " + statusLine);
			}
			String name = header.group(1).toLowerCase(Locale.ROOT);
			if (headers.putIfAbsent(name, header.group(2)) != null && !name.equals("set-cookie")
					&& !name.equals("vary")) {
				throw new MalformedResponseException("repeated header " + name + " after " + statusLine);
			}
		}
		return new Head(statusLine, Integer.parseInt(status.group(1)), headers);
	}

	private byte[] readBody(Head head) throws IOException {
		if (head.status() == 204 || head.status() == 304) {
			return new byte[0];
		}
		String transferEncoding = head.headers().get("transfer-encoding");
		String contentLength = head.headers().get("content-length");
		if (transferEncoding != null) {
			if (contentLength != null || !transferEncoding.equalsIgnoreCase("chunked")) {
				throw new MalformedResponseException("bad framing " + head.headers());
			}
			return readChunked();
		}
		if (contentLength == null) {
			throw new MalformedResponseException("no framing for " + head.statusLine() + " " + head.headers());
		}
		return readExactly(Integer.parseInt(contentLength));
	}

	private byte[] readChunked() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine();
			if (!sizeLine.matches("[0-9a-fA-F]+")) {
				throw new MalformedResponseException("bad chunk size '" + sizeLine + "'");
			}
			int size = Integer.parseInt(sizeLine, 16);
			if (size == 0) {
				for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
					if (!HEADER_LINE.matcher(trailer).matches()) {
						throw new MalformedResponseException("bad trailer '" + trailer + "'");
					}
				}
				return body.toByteArray();
			}
			body.write(readExactly(size));
			if (!readLine().isEmpty()) {
				throw new MalformedResponseException("chunk not followed by CRLF");
			}
		}
	}

	private byte[] readExactly(int length) throws IOException {
		byte[] bytes = this.in.readNBytes(length);
		if (bytes.length != length) {
			throw new MalformedResponseException("body ended after " + bytes.length + " of " + length + " bytes");
		}
		return bytes;
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder();
		while (true) {
			int b = this.in.read();
			if (b == -1) {
				throw new MalformedResponseException("connection closed after '" + line + "'");
			}
			if (b == '\r') {
				if (this.in.read() != '\n') {
					throw new MalformedResponseException("CR without LF after '" + line + "'");
				}
				return line.toString();
			}
			if (b == '\n' || line.length() > 8192) {
				throw new MalformedResponseException("bare LF or overlong line after '" + line + "'");
			}
			line.append((char) b);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * The status line and header fields of a response.
	 */
	record Head(String statusLine, int status, Map<String, String> headers) {

		boolean isInterim() {
			return this.status >= 100 && this.status < 200;
		}

	}

	/**
	 * The interim responses and the final response to one request.
	 */
	record Exchange(List<Head> interims, Head head, byte[] body) {

		int status() {
			return this.head.status();
		}

		String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		long processingCount() {
			return this.interims.stream().filter((interim) -> interim.status() == 102).count();
		}

		String header(String name) {
			return this.head.headers().get(name.toLowerCase(Locale.ROOT));
		}

	}

	/**
	 * A response that does not parse.
	 */
	static class MalformedResponseException extends IOException {

		MalformedResponseException(String message) {
			super(message);
		}

	}

}
