package dev.processing.compat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.processing.compat.probe.JavaProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clients of the matrix and how to run their probes here.
 */
final class Probes {

	private static final Path PROBES = Path.of(System.getProperty("compat.probes", "src/test/probes"));

	/**
	 * Where Debian's Python is, with Debian's requests and httpx beside it.
	 */
	private static final String PYTHON = "/usr/bin/python3";

	private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

	private Probes() {
	}

	/**
	 * Return every client of the matrix; those that cannot run here say why.
	 * @param work a directory for what the probes need built
	 * @return the clients
	 */
	static List<Probe> clients(Path work) throws IOException, InterruptedException {
		List<Probe> probes = new ArrayList<>();
		String classpath = classpath();
		Map<String, Path> jdks = jdks();
		jdks.forEach((jdk, java) -> {
			probes.add(java("JDK HttpClient (" + jdk + ")", java, classpath, "jdk-httpclient"));
			probes.add(java("HttpURLConnection (" + jdk + ")", java, classpath, "jdk-urlconnection"));
		});
		if (!jdks.containsKey("JDK 25")) {
			// Not a package the build can install: measured where the machine has it.
			probes.add(Probe.optional("JDK clients (JDK 25)", TEMURIN_25 + " not found"));
		}
		Path java = jdks.values().iterator().next();
		probes.add(java("Apache HttpClient 5", java, classpath, "apache-httpclient5"));
		probes.add(java("Apache HttpClient 4", java, classpath, "apache-httpclient4"));
		probes.add(java("OkHttp 5", java, classpath, "okhttp"));
		probes.add(java("OkHttp 4", java, okHttp4(classpath), "okhttp"));
		probes.add(java("Jetty HttpClient 12", java, classpath, "jetty-httpclient"));
		probes.add(java("WebClient (Reactor Netty)", java, classpath, "webclient-reactor-netty"));
		probes.add(java("RestClient (JDK HttpClient)", java, classpath, "restclient-jdk"));
		probes.add(java("RestClient (HttpURLConnection)", java, classpath, "restclient-simple"));
		probes.add(java("RestClient (Apache HttpClient 5)", java, classpath, "restclient-httpcomponents"));
		probes.add(java("RestClient (Jetty)", java, classpath, "restclient-jetty"));
		probes.add(java("RestClient (Reactor Netty)", java, classpath, "restclient-reactor"));
		probes.add(curl());
		probes.add(node("Node http", PROBES.resolve("node-http.mjs")));
		probes.add(undici(work));
		probes.add(python("Python http.client", "python-http-client.py", null));
		probes.add(python("Python requests", "python-requests.py", "requests"));
		probes.add(python("Python httpx", "python-httpx.py", "httpx"));
		probes.add(go(work));
		return probes;
	}

	/**
	 * Return the clients that matter most behind a proxy: curl, the JDK's {@code HttpClient} and Python's requests.
	 * @param work a directory for what the probes need built
	 * @return the clients
	 */
	static List<Probe> proxyClients(Path work) throws IOException, InterruptedException {
		Map<String, Path> jdks = jdks();
		String jdk = jdks.keySet().iterator().next();
		return List.of(curl(), java("JDK HttpClient (" + jdk + ")", jdks.get(jdk), classpath(), "jdk-httpclient"),
				python("Python requests", "python-requests.py", "requests"));
	}

	/**
	 * Fail if a client or proxy could not run and the build asks for all of them ({@code COMPAT_REQUIRE_ALL=true},
	 * as {@code .ci/run} sets it).
	 * @param missing what could not run, and why
	 */
	static void assertNothingMissing(List<String> missing) {
		if (Boolean.parseBoolean(System.getenv("COMPAT_REQUIRE_ALL"))) {
			assertThat(missing).as("clients and proxies that could not run").isEmpty();
		}
	}

	private static Probe java(String name, Path java, String classpath, String client) {
		return Probe.of(name, java.toString(), "-XX:TieredStopAtLevel=1", "-cp", classpath,
				JavaProbe.class.getName(), client);
	}

	private static Map<String, Path> jdks() throws IOException {
		Map<String, Path> jdks = new LinkedHashMap<>();
		Path home = Path.of(System.getProperty("java.home"));
		jdks.put("JDK " + Runtime.version().feature(), home.resolve("bin/java"));
		Path release = TEMURIN_25.resolve("release");
		if (Files.exists(release)) {
			Properties properties = new Properties();
			try (var in = Files.newInputStream(release)) {
				properties.load(in);
			}
			String version = properties.getProperty("JAVA_VERSION", "\"25\"").replace("\"", "");
			jdks.putIfAbsent("JDK " + version.split("\\.")[0], TEMURIN_25.resolve("bin/java"));
		}
		return jdks;
	}

	private static String classpath() throws IOException {
		String ownClasses = Path.of(JavaProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath())
			.toString();
		Path dependencies = Path.of(System.getProperty("compat.classpath", "target/probe-classpath.txt"));
		return ownClasses + File.pathSeparator + Files.readString(dependencies, StandardCharsets.UTF_8).trim();
	}

	private static String okHttp4(String classpath) throws IOException {
		Path directory = Path.of(System.getProperty("compat.okhttp4", "target/okhttp4"));
		String okHttp4;
		try (Stream<Path> jars = Files.list(directory)) {
			okHttp4 = jars.map(Path::toString).collect(Collectors.joining(File.pathSeparator));
		}
		return Stream.of(classpath.split(File.pathSeparator))
			.map((entry) -> entry.contains("/okhttp-jvm/") ? okHttp4 : entry)
			.collect(Collectors.joining(File.pathSeparator));
	}

	private static Probe curl() {
		if (!onPath("curl")) {
			return Probe.missing("curl", "curl not installed");
		}
		return Probe.of("curl", "bash", PROBES.resolve("curl.sh").toString());
	}

	private static Probe node(String name, Path script) {
		if (!onPath("node")) {
			return Probe.missing(name, "node not installed");
		}
		return Probe.of(name, "node", script.toString());
	}

	private static Probe undici(Path work) throws IOException, InterruptedException {
		String name = "Node undici";
		if (!onPath("node") || !onPath("npm")) {
			return Probe.missing(name, "node or npm not installed");
		}
		// The probe runs beside its own node_modules, installed from the lock file.
		Path directory = work.resolve("node").toAbsolutePath();
		Files.createDirectories(directory);
		for (String file : List.of("package.json", "package-lock.json", "node-undici.mjs")) {
			Files.copy(PROBES.resolve(file), directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
		}
		if (!Files.isDirectory(directory.resolve("node_modules/undici"))) {
			ProcessBuilder install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
				.directory(directory.toFile())
				.redirectOutput(work.resolve("npm.log").toFile());
			if (run(install) != 0) {
				return Probe.missing(name, "npm ci failed, see " + work.resolve("npm.log"));
			}
		}
		return node(name, directory.resolve("node-undici.mjs"));
	}

	private static Probe python(String name, String script, String module) throws IOException, InterruptedException {
		if (!Files.isExecutable(Path.of(PYTHON))) {
			return Probe.missing(name, PYTHON + " not installed");
		}
		if (module != null && run(new ProcessBuilder(PYTHON, "-c", "import " + module)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)) != 0) {
			return Probe.missing(name, "python3-" + module + " not installed");
		}
		return Probe.of(name, PYTHON, PROBES.resolve(script).toString());
	}

	private static Probe go(Path work) throws IOException, InterruptedException {
		if (!onPath("go")) {
			return Probe.missing("Go net/http", "go not installed");
		}
		Path binary = work.resolve("probe-go").toAbsolutePath();
		if (!Files.isExecutable(binary)) {
			Path cache = work.resolve("go").toAbsolutePath();
			ProcessBuilder build = new ProcessBuilder("go", "build", "-o", binary.toString(), "probe.go")
				.directory(PROBES.resolve("go").toFile());
			build.environment().put("GOCACHE", cache.resolve("cache").toString());
			build.environment().put("GOPATH", cache.resolve("path").toString());
			build.environment().put("HOME", cache.toString());
			build.environment().put("GO111MODULE", "off");
			build.redirectOutput(work.resolve("go-build.log").toFile());
			if (run(build) != 0) {
				return Probe.missing("Go net/http", "go build failed, see " + work.resolve("go-build.log"));
			}
		}
		return Probe.of("Go net/http", binary.toString());
	}

	private static int run(ProcessBuilder process) throws IOException, InterruptedException {
		Process started = process.redirectErrorStream(true).start();
		if (!started.waitFor(120, TimeUnit.SECONDS)) {
			started.destroyForcibly();
			return -1;
		}
		return started.exitValue();
	}

	private static boolean onPath(String command) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch((directory) -> Files.isExecutable(Path.of(directory, command)));
	}

}
