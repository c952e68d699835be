package dev.processing.compat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real reverse proxy on a free loopback port in front of a backend on {@code 127.0.0.1}, configured as a typical
 * deployment in front of a Spring Boot application (keep-alive on both sides, {@code X-Forwarded-For} added) and run
 * in the foreground as a child process. Its configuration, logs, pid file and runtime files all stay in its work
 * directory.
 */
public final class ReverseProxy implements AutoCloseable {

	private static final Pattern VERSION = Pattern.compile("version:? (?:\\S+/)?(\\d+(?:\\.\\d+)+)");

	private static final Path APACHE_MODULES = Path.of("/usr/lib/apache2/modules");

	private final Process process;

	private final int port;

	private final Thread shutdownHook;

	private ReverseProxy(Process process, int port) {
		this.process = process;
		this.port = port;
		// A JVM that exits without closing this, such as a test run that is stopped, takes the proxy with it.
		this.shutdownHook = new Thread(() -> stop(process), "reverse-proxy-stop");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Whether the binary of the given proxy is installed.
	 */
	public static boolean isInstalled(Kind kind) {
		return kind.binary().isPresent();
	}

	/**
	 * Start a proxy on a free loopback port in front of {@code http://127.0.0.1:<backendPort>}, with its files in
	 * {@code workDir}, and return once it accepts connections.
	 * @throws IOException if the proxy exits or does not accept connections within 10 seconds; the message ends
	 * with what it printed (its console output, also in {@code console.log})
	 */
	public static ReverseProxy start(Kind kind, int backendPort, Path workDir) throws Exception {
		if (backendPort < 1 || backendPort > 65535) {
			throw new IllegalArgumentException("Not a port: " + backendPort);
		}
		Path binary = kind.binary().orElseThrow(() -> new IllegalStateException(kind.label + " is not installed"));
		Files.createDirectories(workDir);
		Path console = workDir.resolve("console.log");
		for (int attempt = 1;; attempt++) {
			int port = freePort();
			Path config = workDir.resolve(kind.configFile);
			Files.writeString(config, kind.config(port, backendPort, workDir));
			Process process = new ProcessBuilder(kind.command(binary, config, workDir)).directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(console.toFile())
				.start();
			if (awaitAccepting(process, port)) {
				return new ReverseProxy(process, port);
			}
			stop(process);
			String output = Files.readString(console, StandardCharsets.ISO_8859_1);
			// Another process may have taken the port since it was free: try another one.
			if (!output.contains("Address already in use") || attempt == 3) {
				throw new IOException(kind.label + " did not start on port " + port + ":\n" + output);
			}
		}
	}

	/**
	 * The loopback port the proxy listens on.
	 */
	public int port() {
		return this.port;
	}


	/**
	 * Stop the proxy and wait until it has exited.
	 */
	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down and the hook stops the proxy too.
		}
		stop(this.process);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static boolean awaitAccepting(Process process, int port) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (process.isAlive() && System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
				return process.isAlive();
			}
			catch (IOException ex) {
				Thread.sleep(5);
			}
		}
		return false;
	}

	private static void stop(Process process) {
		List<ProcessHandle> children = process.descendants().toList();
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
		children.forEach(ProcessHandle::destroyForcibly);
	}

	private static boolean runsAsRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	/**
	 * The proxies, as installed by their Debian packages.
	 */
	public enum Kind {

		/**
		 * nginx, with an upstream of keep-alive connections.
		 */
		NGINX("nginx", "nginx", "nginx.conf") {

			@Override
			String config(int port, int backendPort, Path workDir) {
				// Relative paths are relative to the prefix (-p), the work directory. The workers of a master
				// running as root would run as nobody, who may not enter the work directory.
				return (runsAsRoot() ? "user root;\n" : "") + """
						worker_processes 1;
						pid nginx.pid;
						error_log error.log notice;

						events {
							worker_connections 256;
						}

						http {
							access_log access.log;
							client_body_temp_path client_body_temp;
							proxy_temp_path proxy_temp;
							fastcgi_temp_path fastcgi_temp;
							uwsgi_temp_path uwsgi_temp;
							scgi_temp_path scgi_temp;

							upstream app {
								server 127.0.0.1:{backend};
								keepalive 16;
							}

							server {
								listen 127.0.0.1:{port};

								location / {
									proxy_pass http://app;
									proxy_http_version 1.1;
									proxy_set_header Connection "";
									proxy_set_header Host $host;
									proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
									proxy_set_header X-Forwarded-Proto $scheme;
								}
							}
						}
						""".replace("{port}", Integer.toString(port))
					.replace("{backend}", Integer.toString(backendPort));
			}

			@Override
			List<String> command(Path binary, Path config, Path workDir) {
				return List.of(binary.toString(), "-p", workDir + "/", "-c", config.toString(), "-g", "daemon off;");
			}

		},

		/**
		 * HAProxy in HTTP mode, logging to its standard error.
		 */
		HAPROXY("HAProxy", "haproxy", "haproxy.cfg") {

			@Override
			String config(int port, int backendPort, Path workDir) {
				return """
						global
							log stderr format raw local0 info
							maxconn 256

						defaults
							mode http
							log global
							option httplog
							option dontlognull
							option forwardfor
							timeout connect 5s
							timeout client 30s
							timeout server 30s
							timeout http-keep-alive 10s

						frontend web
							bind 127.0.0.1:{port}
							default_backend app

						backend app
							server app 127.0.0.1:{backend}
						""".replace("{port}", Integer.toString(port))
					.replace("{backend}", Integer.toString(backendPort));
			}

			@Override
			List<String> command(Path binary, Path config, Path workDir) {
				return List.of(binary.toString(), "-db", "-f", config.toString());
			}

		},

		/**
		 * Apache httpd with the event MPM, mod_authz_core (without it, every request fails with a 500), mod_proxy
		 * and mod_proxy_http; mod_proxy adds {@code X-Forwarded-For}, {@code X-Forwarded-Host} and
		 * {@code X-Forwarded-Server}.
		 */
		APACHE_HTTPD("Apache httpd", "apache2", "httpd.conf") {

			@Override
			String config(int port, int backendPort, Path workDir) {
				// Relative paths are relative to the ServerRoot, the work directory. The parent opens the logs
				// before its children drop root for User and Group (httpd refuses to serve as root).
				return """
						ServerRoot "{dir}"
						ServerName localhost
						Listen 127.0.0.1:{port}
						PidFile httpd.pid
						DefaultRuntimeDir .
						ErrorLog error.log
						LogLevel warn
						LogFormat "%h %l %u %t \\"%r\\" %>s %b %D" timed
						CustomLog access.log timed
						User www-data
						Group www-data

						LoadModule mpm_event_module {modules}/mod_mpm_event.so
						LoadModule authz_core_module {modules}/mod_authz_core.so
						LoadModule proxy_module {modules}/mod_proxy.so
						LoadModule proxy_http_module {modules}/mod_proxy_http.so

						ProxyPreserveHost On
						ProxyPass / http://127.0.0.1:{backend}/
						ProxyPassReverse / http://127.0.0.1:{backend}/
						""".replace("{dir}", workDir.toAbsolutePath().toString())
					.replace("{modules}", APACHE_MODULES.toString())
					.replace("{port}", Integer.toString(port))
					.replace("{backend}", Integer.toString(backendPort));
			}

			@Override
			List<String> command(Path binary, Path config, Path workDir) {
				return List.of(binary.toString(), "-DFOREGROUND", "-f", config.toString());
			}

		};

		private final String label;

		private final String binaryName;

		private final String configFile;

		private volatile String number;

		Kind(String label, String binaryName, String configFile) {
			this.label = label;
			this.binaryName = binaryName;
			this.configFile = configFile;
		}

		/**
		 * The name and version, such as {@code nginx 1.22.1}; only the name if the proxy is not installed.
		 */
		public String displayName() {
			return isInstalled(this) ? this.label + " " + number() : this.label;
		}

		@Override
		public String toString() {
			return displayName();
		}

		abstract String config(int port, int backendPort, Path workDir);

		abstract List<String> command(Path binary, Path config, Path workDir);

		Optional<Path> binary() {
			String path = System.getenv().getOrDefault("PATH", "");
			return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/usr/local/sbin"))
				.filter((dir) -> !dir.isEmpty())
				.map((dir) -> Path.of(dir, this.binaryName))
				.filter(Files::isExecutable)
				.findFirst();
		}

		private String number() {
			if (this.number == null) {
				Path binary = binary().orElseThrow(() -> new IllegalStateException(this.label + " is not installed"));
				try {
					Process process = new ProcessBuilder(binary.toString(), "-v").redirectErrorStream(true).start();
					String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
					process.waitFor();
					Matcher matcher = VERSION.matcher(output);
					this.number = matcher.find() ? matcher.group(1) : "unknown";
				}
				catch (IOException ex) {
					throw new IllegalStateException("Cannot run " + binary + " -v", ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while running " + binary + " -v", ex);
				}
			}
			return this.number;
		}

	}

}
