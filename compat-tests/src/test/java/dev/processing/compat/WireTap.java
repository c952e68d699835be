package dev.processing.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A relay on a loopback port in front of a server, that counts the {@code HTTP/1.1 102} status lines the server
 * sends to its clients and notes the {@code User-Agent} of the first request.
 */
final class WireTap implements AutoCloseable {

	private static final byte[] INTERIM = "HTTP/1.1 102 ".getBytes(StandardCharsets.US_ASCII);

	private final ServerSocket server;

	private final int targetPort;

	private final AtomicInteger interims = new AtomicInteger();

	private final AtomicReference<String> userAgent = new AtomicReference<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private WireTap(int targetPort) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.targetPort = targetPort;
		daemon(this::accept);
	}

	static WireTap start(int targetPort) throws IOException {
		return new WireTap(targetPort);
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Return how many interim responses have reached clients so far.
	 * @return the count
	 */
	int interims() {
		return this.interims.get();
	}

	/**
	 * Return the {@code User-Agent} of the first request, {@code "-"} if it had none.
	 * @return the user agent, or {@code null} before a request has come in
	 */
	String userAgent() {
		return this.userAgent.get();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				// Closed.
				return;
			}
			Socket target;
			try {
				target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
			}
			catch (IOException ex) {
				closeQuietly(client);
				continue;
			}
			this.sockets.add(client);
			this.sockets.add(target);
			// Both sockets close once both directions have ended; until then each direction ends on its own.
			AtomicInteger open = new AtomicInteger(2);
			Runnable ended = () -> {
				if (open.decrementAndGet() == 0) {
					closeQuietly(client);
					closeQuietly(target);
				}
			};
			daemon(() -> relay(client, target, false, ended));
			daemon(() -> relay(target, client, true, ended));
		}
	}

	private void relay(Socket from, Socket to, boolean toClient, Runnable ended) {
		byte[] buffer = new byte[8192];
		// The last bytes of the previous read, so that a status line split across two reads is still seen.
		byte[] window = new byte[INTERIM.length - 1 + buffer.length];
		int carried = 0;
		StringBuilder head = new StringBuilder();
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			int read;
			while ((read = in.read(buffer)) != -1) {
				if (toClient) {
					System.arraycopy(buffer, 0, window, carried, read);
					int length = carried + read;
					this.interims.addAndGet(occurrences(window, length));
					carried = Math.min(INTERIM.length - 1, length);
					System.arraycopy(window, length - carried, window, 0, carried);
				}
				else if (this.userAgent.get() == null && head.length() < 16384) {
					head.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
					noteUserAgent(head);
				}
				out.write(buffer, 0, read);
				out.flush();
			}
			to.shutdownOutput();
		}
		catch (IOException ex) {
			// One side went away: so does the other.
			closeQuietly(from);
			closeQuietly(to);
		}
		finally {
			ended.run();
		}
	}

	private void noteUserAgent(CharSequence head) {
		int end = head.toString().indexOf("\r\n\r\n");
		if (end < 0) {
			return;
		}
		String found = "-";
		for (String line : head.subSequence(0, end).toString().split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("user-agent:")) {
				found = line.substring("user-agent:".length()).trim();
			}
		}
		this.userAgent.compareAndSet(null, found);
	}

	private static int occurrences(byte[] bytes, int length) {
		int count = 0;
		for (int i = 0; i + INTERIM.length <= length; i++) {
			int j = 0;
			while (j < INTERIM.length && bytes[i + j] == INTERIM[j]) {
				j++;
			}
			if (j == INTERIM.length) {
				count++;
			}
		}
		return count;
	}

	private static void daemon(Runnable task) {
		Thread thread = new Thread(task, "wire-tap");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Nothing more to do.
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Nothing more to do.
		}
		this.sockets.forEach(WireTap::closeQuietly);
	}

}
