package dev.processing.compat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.processing.compat.CompatibilityMatrixTests.ClientRow;
import dev.processing.compat.CompatibilityMatrixTests.ProxyRow;
import dev.processing.compat.Probe.Run;

/**
 * Writes what the clients did as the Markdown of {@code docs/compatibility.md}.
 */
final class Matrix {

	private Matrix() {
	}

	static String markdown(List<ClientRow> clients, List<ProxyRow> proxies, List<String> missing, LocalDate date) {
		StringBuilder out = new StringBuilder();
		out.append("""
				# Compatibility of clients and proxies with 102 Processing

				Measured by the `compat-tests` module (run by `./mvnw -B verify`) on %s, on %s with %s; the next run \
				writes this page again.

				Each client runs as a program of its own against an application built with the starter. Its \
				`@LongRunning` handler works for 1.2 seconds; the first 102 goes out after 50 ms, the next ones every \
				100 ms, so a client that takes them all sees about twelve per request. Each client makes two requests \
				with one client object (so a pooled connection is reused), `#1` and `#2`, and then one request \
				with a read timeout of 400 ms, shorter than the handler works.

				- **raw**: the application allows every request any number of 102s, to show what the client itself \
				does with them.
				- **default**: the starter's default policy (see the README's *Clients* and *Proxies*).
				- **102s**: how many `HTTP/1.1 102` status lines reached the client over its two requests, counted \
				on the wire.
				- **result**: `ok` if both requests got `200` and their own body; otherwise what each got. A body \
				of `done-1` for request `#2` is the answer to `#1`, left on the connection.
				- **400 ms timeout**: `kept alive` if the client got its response although it works longer than the \
				timeout; otherwise the client's error.

				""".formatted(date, System.getProperty("os.name") + " " + System.getProperty("os.arch"),
				"Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber()));
		out.append("## Clients, directly\n\n");
		out.append("| Client | Version | User-Agent | raw: 102s | raw: result | raw: 400 ms timeout "
				+ "| default: 102s | default: result | default: 400 ms timeout |\n");
		out.append("|---|---|---|---|---|---|---|---|---|\n");
		for (ClientRow row : clients) {
			out.append(cells(row.client(), row.byDefault().version(), "`" + row.byDefault().userAgent() + "`",
					interims(row.raw()), row.raw().summary(2), timeout(row.rawTimeout()), interims(row.byDefault()),
					row.byDefault().summary(2), timeout(row.defaultTimeout())));
		}
		out.append("""

				## Clients through proxies

				Each proxy runs on loopback with a configuration as a deployment in front of a Spring Boot \
				application would have it (keep-alive to the application, `X-Forwarded-For` added). It stands in \
				front of the application with the default setting, then with \
				`processing.interim.proxy.forwards-interim=true`, then with that and \
				`processing.interim.proxy.max-count=9`. Each cell: the result of the two requests; how many 102s \
				reached the client (counted between client and proxy); what the 400 ms read timeout did.

				""");
		List<String> settings = proxies.isEmpty() ? List.of() : List.copyOf(proxies.get(0).bySetting().keySet());
		out.append("| Proxy | Client |");
		settings.forEach((setting) -> out.append(' ').append(setting).append(" |"));
		out.append("\n|---|---|").append("---|".repeat(settings.size())).append('\n');
		for (ProxyRow row : proxies) {
			List<String> cells = new ArrayList<>(List.of(row.proxy(), row.client()));
			row.bySetting().values()
				.forEach((runs) -> cells.add(runs.get(0).summary(2) + "; 102s: " + runs.get(0).interims()
						+ "; timeout: " + timeout(runs.get(1))));
			out.append(cells(cells.toArray(String[]::new)));
		}
		if (!missing.isEmpty()) {
			out.append("\n## Not measured in this run\n\n");
			missing.forEach((line) -> out.append("- ").append(line).append('\n'));
		}
		return out.toString();
	}

	private static String interims(Run run) {
		return Integer.toString(run.interims());
	}

	private static String timeout(Run run) {
		if (run.correct(1)) {
			return "kept alive";
		}
		String summary = run.summary(1);
		return summary.startsWith("#t unsupported: ") ? "n/a (" + summary.substring(16) + ")" : summary;
	}

	private static String cells(String... cells) {
		StringBuilder row = new StringBuilder("|");
		for (String cell : cells) {
			row.append(' ').append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
		}
		return row.append('\n').toString();
	}

}
