import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Holds many concurrent {@code GET /held?ms=M} requests open on plain HTTP/1.1 sockets, all driven by one selector
 * thread, and reports how punctually the {@code 102 Processing} interim responses arrived.
 * <p>
 * Every connection reads raw bytes: each interim response is counted and time-stamped, the final response must be
 * {@code HTTP/1.1 200} with body {@code held M}, nothing may arrive after it, and the connection is then reused for a
 * {@code GET /plain} that must be answered {@code 200 plain} with no interim response before it.
 * <p>
 * Single-file program, Java 17 or later: {@code java benchmarks/HeldLoad.java --port 8080 --connections 1000}. Options
 * (all optional): {@code --host}, {@code --port}, {@code --connections}, {@code --hold-ms}, {@code --initial-delay-ms},
 * {@code --interval-ms}, {@code --ramp-ms} (spread the connects over this long), {@code --linger-ms} (how long to
 * watch a connection for stray bytes after its final response), {@code --timeout-ms} (on top of ramp and hold),
 * {@code --expect-interim} ({@code false} when the starter is off: then any 102 is a failure), {@code --label}.
 * Exits with 1 if any connection failed.
 */
public final class HeldLoad {

	private static final byte[] HEAD_END = { '\r', '\n', '\r', '\n' };

	private static final String PROCESSING = "HTTP/1.1 102 Processing";

	private final Options options;

	private final InetSocketAddress address;

	private final byte[] heldRequest;

	private final byte[] plainRequest;

	private final String heldBody;

	private final List<Connection> connections = new ArrayList<>();

	private final ArrayDeque<Connection> lingering = new ArrayDeque<>();

	private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

	/** How many connections have succeeded or failed; everything runs on the selector thread. */
	private static int finished;

	private HeldLoad(Options options) {
		this.options = options;
		this.address = new InetSocketAddress(options.host, options.port);
		String host = "Host: " + options.host + ":" + options.port + "\r\n";
		// A client without a User-Agent gets no 102s by default.
		this.heldRequest = ("GET /held?ms=" + options.holdMs + " HTTP/1.1\r\n" + host
				+ "User-Agent: HeldLoad/1.0\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		this.plainRequest = ("GET /plain HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		this.heldBody = "held " + options.holdMs;
	}

	public static void main(String[] args) throws IOException {
		Options options = Options.parse(args);
		HeldLoad load = new HeldLoad(options);
		long wallStart = System.nanoTime();
		load.run();
		long wallNanos = System.nanoTime() - wallStart;
		boolean clean = load.report(wallNanos);
		System.exit(clean ? 0 : 1);
	}

	private void run() throws IOException {
		try (Selector selector = Selector.open()) {
			long start = System.nanoTime();
			long rampNanos = this.options.rampMs * 1_000_000L;
			long deadline = start + rampNanos + (this.options.holdMs + this.options.timeoutMs) * 1_000_000L;
			int opened = 0;
			while (finished < this.options.connections) {
				long now = System.nanoTime();
				if (now - deadline >= 0) {
					break;
				}
				while (opened < this.options.connections && now - nextOpen(start, rampNanos, opened) >= 0) {
					open(selector, opened++, now);
				}
				expireLingering(now);
				long wake = deadline;
				if (opened < this.options.connections) {
					wake = Math.min(wake, nextOpen(start, rampNanos, opened));
				}
				Connection first = this.lingering.peekFirst();
				if (first != null) {
					wake = Math.min(wake, first.lingerUntil);
				}
				long waitMs = Math.max(0, (wake - now + 999_999) / 1_000_000);
				int ready = (waitMs == 0) ? selector.selectNow() : selector.select(waitMs);
				if (ready > 0) {
					for (SelectionKey key : selector.selectedKeys()) {
						handle(key);
					}
					selector.selectedKeys().clear();
				}
			}
			for (Connection connection : this.connections) {
				if (!connection.isFinished()) {
					connection.fail("timed out in " + connection.phase);
				}
			}
			for (int i = opened; i < this.options.connections; i++) {
				Connection never = new Connection(i);
				never.phase = Phase.FAILED;
				never.failure = "never opened";
				this.connections.add(never);
			}
		}
	}

	private long nextOpen(long start, long rampNanos, int index) {
		return start + (rampNanos * index) / this.options.connections;
	}

	private void open(Selector selector, int id, long now) {
		Connection connection = new Connection(id);
		this.connections.add(connection);
		try {
			SocketChannel channel = SocketChannel.open();
			connection.channel = channel;
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			connection.key = channel.register(selector, 0, connection);
			if (channel.connect(this.address)) {
				startHeld(connection);
			}
			else {
				connection.key.interestOps(SelectionKey.OP_CONNECT);
			}
		}
		catch (IOException ex) {
			connection.fail("connect: " + ex);
		}
	}

	private void handle(SelectionKey key) {
		Connection connection = (Connection) key.attachment();
		if (!key.isValid() || connection.isFinished()) {
			return;
		}
		try {
			if (key.isConnectable()) {
				connection.channel.finishConnect();
				startHeld(connection);
			}
			else if (key.isWritable()) {
				write(connection);
			}
			else if (key.isReadable()) {
				read(connection);
			}
		}
		catch (IOException ex) {
			connection.fail("io in " + connection.phase + ": " + ex);
		}
	}

	private void startHeld(Connection connection) throws IOException {
		connection.phase = Phase.SENDING_HELD;
		connection.out = ByteBuffer.wrap(this.heldRequest);
		write(connection);
	}

	private void write(Connection connection) throws IOException {
		connection.channel.write(connection.out);
		if (connection.out.hasRemaining()) {
			connection.key.interestOps(SelectionKey.OP_WRITE);
			return;
		}
		if (connection.phase == Phase.SENDING_HELD) {
			connection.sentNanos = System.nanoTime();
			connection.phase = Phase.AWAITING_HELD;
		}
		else {
			connection.phase = Phase.AWAITING_PLAIN;
		}
		connection.key.interestOps(SelectionKey.OP_READ);
	}

	private void read(Connection connection) throws IOException {
		ByteBuffer buffer = this.readBuffer;
		buffer.clear();
		int read = connection.channel.read(buffer);
		long now = System.nanoTime();
		if (read < 0) {
			connection.fail((connection.phase == Phase.LINGER) ? "closed by the server after the final response"
					: "closed by the server in " + connection.phase);
			return;
		}
		if (connection.phase == Phase.LINGER) {
			buffer.flip();
			byte[] stray = new byte[buffer.remaining()];
			buffer.get(stray);
			connection.fail("bytes after the final response: " + printable(stray, 0, stray.length));
			return;
		}
		buffer.flip();
		connection.append(buffer);
		parse(connection, now);
	}

	private void parse(Connection connection, long now) {
		while (!connection.isFinished()) {
			if (connection.statusLine == null) {
				int end = indexOf(connection.in, connection.inLength, HEAD_END);
				if (end < 0) {
					if (connection.inLength > 16 * 1024) {
						connection.fail("response head longer than 16 KiB");
					}
					return;
				}
				String head = new String(connection.in, 0, end, StandardCharsets.ISO_8859_1);
				connection.consume(end + HEAD_END.length);
				if (!head(connection, head, now)) {
					return;
				}
			}
			if (connection.statusLine != null) {
				String body = body(connection);
				if (body == null) {
					return;
				}
				finalResponse(connection, body, now);
				return;
			}
		}
	}

	/**
	 * Take one response head; returns {@code false} if the connection failed.
	 */
	private boolean head(Connection connection, String head, long now) {
		String[] lines = head.split("\r\n", -1);
		String statusLine = lines[0];
		if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
			connection.fail("malformed status line: " + statusLine);
			return false;
		}
		int status;
		try {
			status = Integer.parseInt(statusLine.substring(9, 12));
		}
		catch (NumberFormatException ex) {
			connection.fail("malformed status line: " + statusLine);
			return false;
		}
		if (status >= 100 && status < 200) {
			if (connection.phase != Phase.AWAITING_HELD || !statusLine.equals(PROCESSING) || lines.length != 1) {
				connection.fail("unexpected interim response in " + connection.phase + ": "
						+ head.replace("\r\n", " | "));
				return false;
			}
			if (!this.options.expectInterim) {
				connection.fail("102 Processing although the starter is off");
				return false;
			}
			connection.interim(now);
			return true;
		}
		if (status != 200) {
			connection.fail("final status in " + connection.phase + ": " + statusLine);
			return false;
		}
		connection.statusLine = statusLine;
		connection.contentLength = -1;
		connection.chunked = false;
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon <= 0) {
				connection.fail("malformed header line: " + lines[i]);
				return false;
			}
			String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = lines[i].substring(colon + 1).trim();
			if (name.equals("content-length")) {
				connection.contentLength = Integer.parseInt(value);
			}
			else if (name.equals("transfer-encoding")) {
				connection.chunked = value.equalsIgnoreCase("chunked");
			}
		}
		if (connection.contentLength < 0 && !connection.chunked) {
			connection.fail("final response has neither Content-Length nor chunked encoding");
			return false;
		}
		return true;
	}

	/**
	 * Return the whole body once it has arrived, consuming it, or {@code null} while it is incomplete.
	 */
	private static String body(Connection connection) {
		if (!connection.chunked) {
			if (connection.inLength < connection.contentLength) {
				return null;
			}
			String body = new String(connection.in, 0, connection.contentLength, StandardCharsets.ISO_8859_1);
			connection.consume(connection.contentLength);
			return body;
		}
		StringBuilder body = new StringBuilder();
		int position = 0;
		while (true) {
			int lineEnd = indexOf(connection.in, position, connection.inLength, new byte[] { '\r', '\n' });
			if (lineEnd < 0) {
				return null;
			}
			String sizeLine = new String(connection.in, position, lineEnd - position, StandardCharsets.ISO_8859_1);
			int semicolon = sizeLine.indexOf(';');
			int size = Integer.parseInt((semicolon >= 0) ? sizeLine.substring(0, semicolon) : sizeLine, 16);
			position = lineEnd + 2;
			if (size == 0) {
				// No trailers are expected: the last chunk is followed by an empty line.
				if (connection.inLength < position + 2) {
					return null;
				}
				connection.consume(position + 2);
				return body.toString();
			}
			if (connection.inLength < position + size + 2) {
				return null;
			}
			body.append(new String(connection.in, position, size, StandardCharsets.ISO_8859_1));
			position += size + 2;
		}
	}

	private void finalResponse(Connection connection, String body, long now) {
		connection.statusLine = null;
		if (connection.phase == Phase.AWAITING_HELD) {
			if (!body.equals(this.heldBody)) {
				connection.fail("held response body '" + body + "', expected '" + this.heldBody + "'");
				return;
			}
			if (connection.inLength > 0) {
				connection.fail("bytes after the final response: "
						+ printable(connection.in, 0, connection.inLength));
				return;
			}
			if (this.options.expectInterim && connection.interimCount == 0) {
				connection.fail("no 102 Processing before the final response");
				return;
			}
			connection.finalNanos = now;
			connection.phase = Phase.LINGER;
			connection.lingerUntil = now + this.options.lingerMs * 1_000_000L;
			this.lingering.addLast(connection);
			return;
		}
		if (!body.equals("plain")) {
			connection.fail("plain response body '" + body + "', expected 'plain'");
			return;
		}
		connection.succeed();
	}

	private void expireLingering(long now) {
		Connection connection;
		while ((connection = this.lingering.peekFirst()) != null && now - connection.lingerUntil >= 0) {
			this.lingering.removeFirst();
			if (connection.phase != Phase.LINGER) {
				continue;
			}
			connection.phase = Phase.SENDING_PLAIN;
			connection.out = ByteBuffer.wrap(this.plainRequest);
			try {
				write(connection);
			}
			catch (IOException ex) {
				connection.fail("io reusing the connection: " + ex);
			}
		}
	}

	private boolean report(long wallNanos) {
		Options o = this.options;
		List<Connection> held = new ArrayList<>();
		Map<String, Integer> failures = new LinkedHashMap<>();
		Map<String, String> examples = new LinkedHashMap<>();
		int ok = 0;
		for (Connection connection : this.connections) {
			if (connection.finalNanos != 0) {
				held.add(connection);
			}
			if (connection.phase == Phase.DONE) {
				ok++;
			}
			else {
				String kind = kind(connection.failure);
				failures.merge(kind, 1, Integer::sum);
				examples.putIfAbsent(kind, "connection " + connection.id + ": " + connection.failure);
			}
		}
		int expectedMin = (o.holdMs > o.initialDelayMs) ? (int) ((o.holdMs - o.initialDelayMs - 1) / o.intervalMs) + 1
				: 0;
		int expectedMax = (o.holdMs >= o.initialDelayMs) ? (int) ((o.holdMs - o.initialDelayMs) / o.intervalMs) + 1 : 0;
		System.out.printf(Locale.ROOT, "%s: %d connections, GET /held?ms=%d, connects spread over %d ms%n",
				o.label, o.connections, o.holdMs, o.rampMs);
		if (o.expectInterim) {
			System.out.printf(Locale.ROOT, "  schedule            first 102 after %d ms, then every %d ms: %d to %d per "
					+ "request%n", o.initialDelayMs, o.intervalMs, expectedMin, expectedMax);
		}
		else {
			System.out.println("  schedule            starter off: no 102 expected");
		}
		System.out.printf(Locale.ROOT, "  outcome             %d ok, %d failed, wall %.1f s%n", ok,
				o.connections - ok, wallNanos / 1e9);
		if (!held.isEmpty()) {
			int min = Integer.MAX_VALUE;
			int max = 0;
			long total = 0;
			int gapCount = 0;
			for (Connection connection : held) {
				min = Math.min(min, connection.interimCount);
				max = Math.max(max, connection.interimCount);
				total += connection.interimCount;
				gapCount += Math.max(0, connection.interimCount - 1);
			}
			System.out.printf(Locale.ROOT, "  102 per request     min %d, mean %.2f, max %d (over %d final responses)%n",
					min, (double) total / held.size(), max, held.size());
			double[] firstDelays = new double[held.size()];
			double[] gaps = new double[gapCount];
			double[] lateness = new double[(int) total];
			double[] finalAfterHold = new double[held.size()];
			int g = 0;
			int l = 0;
			for (int i = 0; i < held.size(); i++) {
				Connection connection = held.get(i);
				finalAfterHold[i] = millis(connection.finalNanos - connection.sentNanos) - o.holdMs;
				for (int k = 0; k < connection.interimCount; k++) {
					long at = connection.interims[k];
					lateness[l++] = millis(at - connection.sentNanos) - (o.initialDelayMs + (double) k * o.intervalMs);
					if (k > 0) {
						gaps[g++] = millis(at - connection.interims[k - 1]);
					}
				}
				firstDelays[i] = (connection.interimCount > 0)
						? millis(connection.interims[0] - connection.sentNanos) : Double.NaN;
			}
			if (total > 0) {
				printPercentiles("first 102 delay", firstDelays, "since the request was sent; schedule "
						+ o.initialDelayMs + " ms");
				printPercentiles("gap between 102s", gaps, "schedule " + o.intervalMs + " ms");
				printPercentiles("102 lateness", lateness, "behind sent + initial + k * interval");
			}
			printPercentiles("final after hold", finalAfterHold, "final response arrival minus " + o.holdMs + " ms");
		}
		if (failures.isEmpty()) {
			System.out.println("  failures            none");
		}
		else {
			System.out.println("  failures");
			failures.forEach((kind, count) -> System.out.printf(Locale.ROOT, "    %5d  %s%n          e.g. %s%n", count,
					kind, examples.get(kind)));
		}
		return failures.isEmpty();
	}

	private static void printPercentiles(String name, double[] values, String note) {
		double[] sorted = Arrays.stream(values).filter((value) -> !Double.isNaN(value)).sorted().toArray();
		if (sorted.length == 0) {
			return;
		}
		System.out.printf(Locale.ROOT, "  %-19s p50 %8.1f  p90 %8.1f  p99 %8.1f  max %8.1f ms  (n=%d; %s)%n", name,
				percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted[sorted.length - 1],
				sorted.length, note);
	}

	private static double percentile(double[] sorted, double p) {
		int rank = (int) Math.ceil(p / 100 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	private static double millis(long nanos) {
		return nanos / 1e6;
	}

	private static String kind(String failure) {
		int colon = (failure != null) ? failure.indexOf(':') : -1;
		return (colon > 0) ? failure.substring(0, colon) : String.valueOf(failure);
	}

	private static int indexOf(byte[] bytes, int length, byte[] target) {
		return indexOf(bytes, 0, length, target);
	}

	private static int indexOf(byte[] bytes, int from, int length, byte[] target) {
		outer: for (int i = from; i <= length - target.length; i++) {
			for (int j = 0; j < target.length; j++) {
				if (bytes[i + j] != target[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static String printable(byte[] bytes, int offset, int length) {
		String text = new String(bytes, offset, Math.min(length, 80), StandardCharsets.ISO_8859_1);
		return text.replace("\r", "\\r").replace("\n", "\\n") + ((length > 80) ? "..." : "");
	}

	private enum Phase {

		CONNECTING, SENDING_HELD, AWAITING_HELD, LINGER, SENDING_PLAIN, AWAITING_PLAIN, DONE, FAILED

	}

	/**
	 * One client connection: its state, the bytes not parsed yet and the arrival time of each interim response.
	 */
	private static final class Connection {

		final int id;

		Phase phase = Phase.CONNECTING;

		SocketChannel channel;

		SelectionKey key;

		ByteBuffer out;

		byte[] in = new byte[512];

		int inLength;

		String statusLine;

		int contentLength;

		boolean chunked;

		long sentNanos;

		long finalNanos;

		long lingerUntil;

		long[] interims = new long[128];

		int interimCount;

		String failure;

		Connection(int id) {
			this.id = id;
		}

		boolean isFinished() {
			return this.phase == Phase.DONE || this.phase == Phase.FAILED;
		}

		void append(ByteBuffer buffer) {
			int needed = this.inLength + buffer.remaining();
			if (needed > this.in.length) {
				this.in = Arrays.copyOf(this.in, Math.max(needed, this.in.length * 2));
			}
			buffer.get(this.in, this.inLength, buffer.remaining());
			this.inLength = needed;
		}

		void consume(int count) {
			System.arraycopy(this.in, count, this.in, 0, this.inLength - count);
			this.inLength -= count;
		}

		void interim(long now) {
			if (this.interimCount == this.interims.length) {
				this.interims = Arrays.copyOf(this.interims, this.interims.length * 2);
			}
			this.interims[this.interimCount++] = now;
		}

		void succeed() {
			this.phase = Phase.DONE;
			finished++;
			close();
		}

		void fail(String reason) {
			if (isFinished()) {
				return;
			}
			this.failure = reason;
			this.phase = Phase.FAILED;
			finished++;
			close();
		}

		private void close() {
			if (this.channel != null) {
				try {
					this.channel.close();
				}
				catch (IOException ex) {
					// Closing a socket we are done with; nothing to report.
				}
			}
		}

	}

	private static final class Options {

		String host = "127.0.0.1";

		int port = 8080;

		int connections = 1000;

		long holdMs = 10_000;

		long initialDelayMs = 100;

		long intervalMs = 100;

		long rampMs = 1_000;

		long lingerMs = 250;

		long timeoutMs = 30_000;

		boolean expectInterim = true;

		String label = "held load";

		static Options parse(String[] args) {
			Options options = new Options();
			for (int i = 0; i < args.length; i++) {
				String name = args[i];
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException("Option " + name + " needs a value");
				}
				String value = args[++i];
				switch (name) {
					case "--host" -> options.host = value;
					case "--port" -> options.port = Integer.parseInt(value);
					case "--connections" -> options.connections = Integer.parseInt(value);
					case "--hold-ms" -> options.holdMs = Long.parseLong(value);
					case "--initial-delay-ms" -> options.initialDelayMs = Long.parseLong(value);
					case "--interval-ms" -> options.intervalMs = Long.parseLong(value);
					case "--ramp-ms" -> options.rampMs = Long.parseLong(value);
					case "--linger-ms" -> options.lingerMs = Long.parseLong(value);
					case "--timeout-ms" -> options.timeoutMs = Long.parseLong(value);
					case "--expect-interim" -> options.expectInterim = Boolean.parseBoolean(value);
					case "--label" -> options.label = value;
					default -> throw new IllegalArgumentException("Unknown option " + name);
				}
			}
			if (options.connections < 1 || options.intervalMs < 1 || options.initialDelayMs < 1) {
				throw new IllegalArgumentException("connections, interval and initial delay must be positive");
			}
			return options;
		}

	}

}
