package dev.processing.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A client, driven by its probe after the probe contract of this module's README.
 *
 * @param name what the matrix calls the client
 * @param command the command line of the probe, without the mode and its arguments
 * @param missing why the client cannot run here, or {@code null} if it can
 * @param required whether a build that asks for every client fails when this one cannot run
 */
record Probe(String name, List<String> command, String missing, boolean required) {

	private static final long PROBE_SECONDS = 60;

	static Probe of(String name, String... command) {
		return new Probe(name, List.of(command), null, true);
	}

	static Probe missing(String name, String why) {
		return new Probe(name, List.of(), why, true);
	}

	static Probe optional(String name, String why) {
		return new Probe(name, List.of(), why, false);
	}

	boolean runnable() {
		return this.missing == null;
	}

	/**
	 * Run the probe in {@code twice} mode against the server behind the tap.
	 * @param tap the tap in front of the server
	 * @param path the path of the long-running handler
	 * @param log where the probe's error output goes
	 * @return what the client did
	 */
	Run twice(WireTap tap, String path, Path log) throws IOException, InterruptedException {
		return run(tap, List.of("twice", url(tap, path)), log);
	}

	/**
	 * Run the probe in {@code timeout} mode against the server behind the tap.
	 * @param tap the tap in front of the server
	 * @param path the path of the long-running handler
	 * @param millis the read timeout
	 * @param log where the probe's error output goes
	 * @return what the client did
	 */
	Run timeout(WireTap tap, String path, long millis, Path log) throws IOException, InterruptedException {
		return run(tap, List.of("timeout", url(tap, path), Long.toString(millis)), log);
	}

	private static String url(WireTap tap, String path) {
		return "http://127.0.0.1:" + tap.port() + path;
	}

	private Run run(WireTap tap, List<String> arguments, Path log) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(this.command);
		command.addAll(arguments);
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		process.getOutputStream().close();
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
			try {
				return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		boolean exited = process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS);
		if (!exited) {
			process.destroyForcibly().waitFor();
		}
		return Run.parse(output.join(), exited ? process.exitValue() : -1, tap.interims(), tap.userAgent(),
				this.name + " " + String.join(" ", arguments));
	}

	/**
	 * What a client did in one run of its probe.
	 *
	 * @param version the client's version, as the probe reports it
	 * @param results one per request
	 * @param exitStatus the probe's exit status, {@code -1} if it hung
	 * @param interims how many interim responses reached the client, counted on the wire
	 * @param userAgent the client's {@code User-Agent}, {@code "-"} if it sends none
	 * @param output the probe's output, for failure messages
	 */
	record Run(String version, List<Result> results, int exitStatus, int interims, String userAgent, String output) {

		static Run parse(String output, int exitStatus, int interims, String userAgent, String invocation) {
			String version = "?";
			List<Result> results = new ArrayList<>();
			for (String line : output.split("\\R")) {
				if (line.startsWith("client ")) {
					String rest = line.substring("client ".length());
					int space = rest.indexOf(' ');
					version = (space < 0) ? "?" : rest.substring(space + 1).trim();
				}
				else if (line.startsWith("result ")) {
					results.add(Result.parse(line.substring("result ".length())));
				}
			}
			return new Run(version, List.copyOf(results), exitStatus, interims, (userAgent != null) ? userAgent : "-",
					invocation + "\n" + output);
		}

		/**
		 * Whether every request was answered with {@code 200} and {@code done-<its id>}.
		 * @param expected how many requests the run made
		 * @return whether the run went right
		 */
		boolean correct(int expected) {
			return this.exitStatus == 0 && this.results.size() == expected
					&& this.results.stream().allMatch(Result::correct);
		}

		String summary(int expected) {
			if (this.exitStatus != 0) {
				return (this.exitStatus < 0) ? "probe hung" : "probe failed (exit " + this.exitStatus + ")";
			}
			if (correct(expected)) {
				return "ok";
			}
			return this.results.stream().map(Result::summary).collect(Collectors.joining("; "));
		}

	}

	/**
	 * The outcome of one request.
	 *
	 * @param id the request's id
	 * @param status the final status the client reported, {@code 0} if it failed
	 * @param body the body the client reported
	 * @param error what failed, or {@code null}
	 */
	record Result(String id, int status, String body, String error) {

		static Result parse(String line) {
			String id = field(line, "id=", " ");
			String rest = line.substring(Math.min(line.length(), "id=".length() + id.length() + 1));
			if (rest.startsWith("error=")) {
				return new Result(id, 0, "", rest.substring("error=".length()).trim());
			}
			String status = field(rest, "status=", " ");
			String body = field(rest, "body=", " interim=");
			try {
				return new Result(id, Integer.parseInt(status), body, null);
			}
			catch (NumberFormatException ex) {
				return new Result(id, 0, "", "probe printed no status: " + line);
			}
		}

		private static String field(String line, String name, String end) {
			int start = line.indexOf(name);
			if (start < 0) {
				return "";
			}
			start += name.length();
			int stop = line.indexOf(end, start);
			return (stop < 0) ? line.substring(start) : line.substring(start, stop);
		}

		boolean correct() {
			return this.error == null && this.status == 200 && this.body.equals("done-" + this.id);
		}

		String summary() {
			if (this.error != null) {
				// The address of the server says nothing: it differs from run to run.
				String error = this.error.replaceAll("\"?https?://127\\.0\\.0\\.1:[0-9]+[^\"\\s]*\"?", "<url>")
					.replaceAll("host='127\\.0\\.0\\.1', port=[0-9]+", "host, port")
					.replace("|", "/");
				return "#" + this.id + " " + shortened(error);
			}
			return "#" + this.id + " " + this.status + " '" + shortened(this.body.replace("|", "/")) + "'"
					+ (correct() ? "" : " ✗");
		}

		private static String shortened(String text) {
			return (text.length() > 120) ? text.substring(0, 120) + "…" : text;
		}

	}

}
