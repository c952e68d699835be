package dev.processing.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The sample's page at {@code /}, driven in headless Chromium by Playwright, orders a report in 202 mode, shows its
 * progress, cancels it, and shows the next report's result. Without Chromium, Node or npm the test is skipped with one
 * line, or fails if {@code SAMPLE_BROWSER_REQUIRED} is {@code true}, as it is in CI; {@code SAMPLE_BROWSER} names
 * another Chromium executable.
 */
class SamplePageBrowserTests {

	private static final Path SCRIPTS = Path.of(System.getProperty("sample.browser-scripts", "src/test/browser"));

	private static final Path WORK = Path.of(System.getProperty("sample.browser-work", "target/browser-test"));

	private static final Path SCREENSHOT = Path.of(System.getProperty("sample.screenshot", "target/sample-page.png"));

	private static final List<String> SCRIPT_FILES = List.of("package.json", "package-lock.json", "sample-page.mjs");

	@Test
	void pageShowsProgressCancelsAReportAndShowsTheNextReportsResult() throws IOException, InterruptedException {
		Path chromium = Path.of(System.getenv().getOrDefault("SAMPLE_BROWSER", "/usr/bin/chromium"));
		assumeAvailable(Files.isExecutable(chromium), chromium + " is not installed");
		assumeAvailable(onPath("node") && onPath("npm"), "node or npm is not installed");
		Path work = prepare();
		Files.deleteIfExists(SCREENSHOT);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.run("--server.port=0")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			Path log = work.resolve("sample-page.log");
			ProcessBuilder browser = new ProcessBuilder("node", "sample-page.mjs", "http://localhost:" + port,
					chromium.toString(), SCREENSHOT.toAbsolutePath().toString())
				.directory(work.toFile());
			int exit = run(browser, log, 60);
			String output = Files.readString(log, StandardCharsets.UTF_8);
			assertThat(exit).as(output).isZero();
			System.out.print(output);
		}
		assertThat(SCREENSHOT).isNotEmptyFile();
	}

	/**
	 * Copy the script beside its own {@code node_modules}, installed from the lock file unless it is already.
	 */
	private static Path prepare() throws IOException, InterruptedException {
		Path work = WORK.toAbsolutePath();
		Files.createDirectories(work);
		boolean lockChanged = !Files.exists(work.resolve("package-lock.json"))
				|| Files.mismatch(SCRIPTS.resolve("package-lock.json"), work.resolve("package-lock.json")) != -1;
		for (String file : SCRIPT_FILES) {
			Files.copy(SCRIPTS.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
		}
		if (lockChanged || !Files.isDirectory(work.resolve("node_modules/playwright-core"))) {
			Path log = work.resolve("npm.log");
			ProcessBuilder install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
				.directory(work.toFile());
			// The test drives the machine's Chromium; Playwright's own browsers are never needed.
			install.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
			assumeAvailable(run(install, log, 120) == 0, "npm ci of playwright-core failed, see " + log);
		}
		return work;
	}

	private static int run(ProcessBuilder builder, Path log, int timeoutSeconds)
			throws IOException, InterruptedException {
		Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
			fail(String.join(" ", builder.command()) + " did not end within " + timeoutSeconds + " s:\n"
					+ Files.readString(log, StandardCharsets.UTF_8));
		}
		return process.exitValue();
	}

	private static void assumeAvailable(boolean available, String message) {
		if (available) {
			return;
		}
		if (Boolean.parseBoolean(System.getenv("SAMPLE_BROWSER_REQUIRED"))) {
			fail(message + " and SAMPLE_BROWSER_REQUIRED is true");
		}
		System.out.println("Skipped: " + message);
		Assumptions.abort(message);
	}

	private static boolean onPath(String command) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch((directory) -> Files.isExecutable(Path.of(directory, command)));
	}

}
