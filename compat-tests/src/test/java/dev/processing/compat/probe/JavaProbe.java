package dev.processing.compat.probe;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import okhttp3.OkHttp;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.util.Jetty;

import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.JettyClientHttpRequestFactory;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The probe for the JVM's clients, after the probe contract of this module's README:
 * {@code JavaProbe <client> twice <url>} or {@code JavaProbe <client> timeout <url> <millis>}.
 */
public final class JavaProbe {

	private static final Duration SAFETY = Duration.ofSeconds(10);

	private JavaProbe() {
	}

	public static void main(String[] args) throws Exception {
		String name = args[0];
		boolean twice = args[1].equals("twice");
		String url = args[2];
		Duration timeout = twice ? SAFETY : Duration.ofMillis(Long.parseLong(args[3]));
		try (Client client = client(name, timeout)) {
			System.out.println("client " + name + " " + client.version());
			for (String id : twice ? new String[] { "1", "2" } : new String[] { "t" }) {
				try {
					Response response = client.get(url + "?id=" + id);
					System.out.println("result id=" + id + " status=" + response.status() + " body="
							+ oneLine(response.body()) + " interim=?");
				}
				catch (Throwable ex) {
					System.out.println("result id=" + id + " error=" + describe(ex));
				}
			}
		}
		// Some clients leave non-daemon threads behind.
		System.exit(0);
	}

	private static Client client(String name, Duration timeout) throws Exception {
		return switch (name) {
			case "jdk-httpclient" -> jdkHttpClient(timeout);
			case "jdk-urlconnection" -> urlConnection(timeout);
			case "apache-httpclient5" -> apacheHttpClient5(timeout);
			case "apache-httpclient4" -> apacheHttpClient4(timeout);
			case "okhttp" -> okHttp(timeout);
			case "jetty-httpclient" -> jettyHttpClient(timeout);
			case "webclient-reactor-netty" -> webClient(timeout);
			case "restclient-jdk" -> restClient(readTimeout(new JdkClientHttpRequestFactory(),
					JdkClientHttpRequestFactory::setReadTimeout, timeout));
			case "restclient-simple" -> restClient(readTimeout(new SimpleClientHttpRequestFactory(),
					SimpleClientHttpRequestFactory::setReadTimeout, timeout));
			case "restclient-httpcomponents" -> restClient(readTimeout(new HttpComponentsClientHttpRequestFactory(),
					HttpComponentsClientHttpRequestFactory::setReadTimeout, timeout));
			case "restclient-jetty" -> restClient(readTimeout(new JettyClientHttpRequestFactory(),
					JettyClientHttpRequestFactory::setReadTimeout, timeout));
			case "restclient-reactor" -> restClient(readTimeout(new ReactorClientHttpRequestFactory(),
					ReactorClientHttpRequestFactory::setReadTimeout, timeout));
			default -> throw new IllegalArgumentException("Unknown client " + name);
		};
	}

	private static Client jdkHttpClient(Duration timeout) {
		HttpClient client = HttpClient.newHttpClient();
		return Client.of(System.getProperty("java.version"), (url) -> {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build();
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}, () -> {
		});
	}

	private static Client urlConnection(Duration timeout) {
		return Client.of(System.getProperty("java.version"), (url) -> {
			HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
			connection.setReadTimeout((int) timeout.toMillis());
			int status = connection.getResponseCode();
			if (status < 200) {
				// Taken for the final response: it has no body, and reading one waits for the real response.
				return new Response(status, "");
			}
			InputStream body = (status < 400) ? connection.getInputStream() : connection.getErrorStream();
			return new Response(status, (body != null) ? read(body) : "");
		}, () -> {
		});
	}

	private static Client apacheHttpClient5(Duration timeout) {
		CloseableHttpClient client = HttpClients.custom()
			.setDefaultRequestConfig(
					RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(timeout.toMillis())).build())
			.build();
		return Client.of(version(CloseableHttpClient.class), (url) -> client.execute(new HttpGet(url),
				(response) -> new Response(response.getCode(), EntityUtils.toString(response.getEntity()))),
				client::close);
	}

	private static Client apacheHttpClient4(Duration timeout) {
		org.apache.http.impl.client.CloseableHttpClient client = org.apache.http.impl.client.HttpClients.custom()
			.setDefaultRequestConfig(org.apache.http.client.config.RequestConfig.custom()
				.setSocketTimeout((int) timeout.toMillis())
				.build())
			.build();
		return Client.of(version(org.apache.http.impl.client.CloseableHttpClient.class), (url) -> {
			try (org.apache.http.client.methods.CloseableHttpResponse response = client
				.execute(new org.apache.http.client.methods.HttpGet(url))) {
				return new Response(response.getStatusLine().getStatusCode(),
						(response.getEntity() != null)
								? org.apache.http.util.EntityUtils.toString(response.getEntity()) : "");
			}
		}, client::close);
	}

	private static Client okHttp(Duration timeout) {
		OkHttpClient client = new OkHttpClient.Builder().readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
			.build();
		return Client.of(OkHttp.VERSION, (url) -> {
			try (okhttp3.Response response = client.newCall(new okhttp3.Request.Builder().url(url).build())
				.execute()) {
				return new Response(response.code(), response.body().string());
			}
		}, () -> {
			client.dispatcher().executorService().shutdown();
			client.connectionPool().evictAll();
		});
	}

	private static Client jettyHttpClient(Duration timeout) throws Exception {
		org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
		client.start();
		return Client.of(Jetty.VERSION, (url) -> {
			ContentResponse response = client.newRequest(url)
				.idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
				.send();
			return new Response(response.getStatus(), response.getContentAsString());
		}, client::stop);
	}

	private static Client webClient(Duration timeout) {
		WebClient client = WebClient.builder()
			.clientConnector(
					new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.create().responseTimeout(timeout)))
			.build();
		return Client.of(version(reactor.netty.http.client.HttpClient.class), (url) -> {
			ResponseEntity<String> response = client.get()
				.uri(url)
				.exchangeToMono((exchange) -> exchange.toEntity(String.class))
				.block(SAFETY);
			return new Response(response.getStatusCode().value(), String.valueOf(response.getBody()));
		}, () -> {
		});
	}

	private static <F extends ClientHttpRequestFactory> F readTimeout(F factory, BiConsumer<F, Duration> setter,
			Duration timeout) {
		setter.accept(factory, timeout);
		return factory;
	}

	private static Client restClient(ClientHttpRequestFactory factory) {
		RestClient client = RestClient.builder().requestFactory(factory).build();
		return Client.of(factory.getClass().getSimpleName() + " " + version(RestClient.class), (url) -> {
			ResponseEntity<String> response = client.get()
				.uri(url)
				.retrieve()
				// Whatever the status, as the client got it.
				.onStatus((status) -> true, (request, ignored) -> {
				})
				.toEntity(String.class);
			return new Response(response.getStatusCode().value(), String.valueOf(response.getBody()));
		}, () -> {
			if (factory instanceof AutoCloseable closeable) {
				closeable.close();
			}
		});
	}

	private static String version(Class<?> type) {
		String version = type.getPackage().getImplementationVersion();
		if (version != null) {
			return version;
		}
		// The jar's file name, for jars whose manifest has no version.
		String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
		return location.substring(location.lastIndexOf('/') + 1).replaceFirst("\\.jar$", "");
	}

	private static String read(InputStream in) throws Exception {
		try (in) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toString(StandardCharsets.UTF_8);
		}
	}

	private static String describe(Throwable ex) {
		Throwable cause = ex;
		StringBuilder text = new StringBuilder(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
			text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
		}
		return oneLine(text.toString());
	}

	private static String oneLine(String text) {
		return text.replaceAll("[\\r\\n]+", " ").trim();
	}

	private record Response(int status, String body) {
	}

	private interface Exchange {

		Response get(String url) throws Exception;

	}

	private interface Client extends AutoCloseable {

		String version();

		Response get(String url) throws Exception;

		static Client of(String version, Exchange exchange, AutoCloseable resources) {
			return new Client() {

				@Override
				public String version() {
					return version;
				}

				@Override
				public Response get(String url) throws Exception {
					return exchange.get(url);
				}

				@Override
				public void close() throws Exception {
					resources.close();
				}

			};
		}

	}

}
