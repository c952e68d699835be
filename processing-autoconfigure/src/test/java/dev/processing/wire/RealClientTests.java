package dev.processing.wire;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.processing.tomcat.InterimResponseValve;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real HTTP clients against {@code @LongRunning} handlers: they see the interim responses and still get the final
 * response right.
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wire.long-delay=10s", "wire.short-delay=5ms" })
class RealClientTests {

	@LocalServerPort
	int port;

	@Autowired
	InterimResponseValve valve;

	@Test
	void curlShowsTheInterimResponses() throws Exception {
		assumeTrue(isOnPath("curl"), "curl is not installed (.ci/run installs it)");
		String key = Hold.newKey();
		long sent = this.valve.getSentCount();
		Process curl = new ProcessBuilder("curl", "-sv", "--max-time", "20", url("/steady/" + key)).start();
		releaseAfterTwoInterimResponses(key, sent);
		assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
		String trace = new String(curl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(curl.exitValue()).as(trace).isZero();
		assertThat(trace.lines().filter((line) -> line.startsWith("< HTTP/1.1 102 Processing")).count())
			.isGreaterThanOrEqualTo(2);
		assertThat(trace).contains("< HTTP/1.1 200");
		assertThat(body).isEqualTo("steady " + key);
	}

	@Test
	void apacheHttpClientReportsTheInterimResponsesToItsInformationCallback() throws Exception {
		String key = Hold.newKey();
		List<Integer> informational = new CopyOnWriteArrayList<>();
		try (CloseableHttpAsyncClient client = HttpAsyncClients.createDefault()) {
			client.start();
			long sent = this.valve.getSentCount();
			Future<SimpleHttpResponse> response = client.execute(
					SimpleRequestProducer.create(SimpleRequestBuilder.get(url("/steady/" + key)).build()),
					new InformationRecordingConsumer(informational), null);
			releaseAfterTwoInterimResponses(key, sent);
			SimpleHttpResponse result = response.get(20, TimeUnit.SECONDS);
			assertThat(result.getCode()).isEqualTo(200);
			assertThat(result.getBodyText()).isEqualTo("steady " + key);
		}
		assertThat(informational).hasSizeGreaterThanOrEqualTo(2).containsOnly(102);
	}

	@Test
	void jdkHttpClientGetsTheFinalResponse() throws Exception {
		String key = Hold.newKey();
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		long sent = this.valve.getSentCount();
		var response = client.sendAsync(HttpRequest.newBuilder(URI.create(url("/steady/" + key)))
			.timeout(Duration.ofSeconds(20))
			.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		releaseAfterTwoInterimResponses(key, sent);
		java.net.http.HttpResponse<String> result = response.get(20, TimeUnit.SECONDS);
		assertThat(result.statusCode()).isEqualTo(200);
		assertThat(result.body()).isEqualTo("steady " + key);
		// It took them all: this client fails a request on its ninth interim response.
		assertThat(this.valve.getSentCount() - sent).isBetween(2L, 8L);
	}

	@Test
	void jdkHttpClientHeldLongerThanItsEightInterimResponsesStillGetsTheFinalResponse() throws Exception {
		String key = Hold.newKey();
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		long sent = this.valve.getSentCount();
		var response = client.sendAsync(HttpRequest.newBuilder(URI.create(url("/steady/" + key)))
			.timeout(Duration.ofSeconds(20))
			.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		// The default policy stops at this client's limit; a ninth interim response would fail the request.
		await().pollInterval(Duration.ofMillis(2)).until(() -> this.valve.getSentCount() >= sent + 8);
		await().during(Duration.ofMillis(500)).until(() -> this.valve.getSentCount() == sent + 8);
		Holds.release(key);
		java.net.http.HttpResponse<String> result = response.get(20, TimeUnit.SECONDS);
		assertThat(result.statusCode()).isEqualTo(200);
		assertThat(result.body()).isEqualTo("steady " + key);
	}

	@Test
	void apacheClassicHttpClientGetsTheFinalResponse() throws Exception {
		String key = Hold.newKey();
		try (CloseableHttpClient client = HttpClients.createDefault()) {
			long sent = this.valve.getSentCount();
			CompletableFuture<String> body = CompletableFuture.supplyAsync(() -> {
				try {
					return client.execute(new HttpGet(url("/steady/" + key)),
							(response) -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			releaseAfterTwoInterimResponses(key, sent);
			assertThat(body.get(20, TimeUnit.SECONDS)).isEqualTo("200 steady " + key);
		}
	}

	/**
	 * Collects the response as {@link SimpleResponseConsumer} does and records every informational status.
	 */
	private static final class InformationRecordingConsumer implements AsyncResponseConsumer<SimpleHttpResponse> {

		private final AsyncResponseConsumer<SimpleHttpResponse> delegate = SimpleResponseConsumer.create();

		private final List<Integer> informational;

		InformationRecordingConsumer(List<Integer> informational) {
			this.informational = informational;
		}

		@Override
		public void informationResponse(HttpResponse response, HttpContext context) {
			this.informational.add(response.getCode());
		}

		@Override
		public void consumeResponse(HttpResponse response, EntityDetails entityDetails, HttpContext context,
				FutureCallback<SimpleHttpResponse> resultCallback) throws HttpException, IOException {
			this.delegate.consumeResponse(response, entityDetails, context, resultCallback);
		}

		@Override
		public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
			this.delegate.updateCapacity(capacityChannel);
		}

		@Override
		public void consume(ByteBuffer src) throws IOException {
			this.delegate.consume(src);
		}

		@Override
		public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
			this.delegate.streamEnd(trailers);
		}

		@Override
		public void failed(Exception cause) {
			this.delegate.failed(cause);
		}

		@Override
		public void releaseResources() {
			this.delegate.releaseResources();
		}

	}

	private void releaseAfterTwoInterimResponses(String key, long sentBefore) {
		await().pollInterval(Duration.ofMillis(2)).until(() -> this.valve.getSentCount() >= sentBefore + 2);
		Holds.release(key);
	}

	private static boolean isOnPath(String command) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch((directory) -> Files.isExecutable(Path.of(directory, command)));
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
