package dev.processing.wire;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import dev.processing.tomcat.InterimResponseValve;
import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interim responses over HTTPS (HTTP/1.1 over TLS), where they are encrypted alongside the request body being read.
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=1ms", "processing.interim.interval=1ms",
				"wire.long-delay=10s", "wire.short-delay=1ms", "server.tomcat.max-keep-alive-requests=-1" })
class TlsTests {

	private static final String PASSWORD = "changeit";

	@LocalServerPort
	int port;

	@Autowired
	InterimResponseValve valve;

	@DynamicPropertySource
	static void keyStore(DynamicPropertyRegistry registry) throws Exception {
		Path keyStore = Files.createTempDirectory("processing-tls").resolve("server.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
				"-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		byte[] log = keytool.getInputStream().readAllBytes();
		if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
			throw new IllegalStateException("keytool failed: " + new String(log));
		}
		registry.add("server.ssl.key-store", keyStore::toString);
		registry.add("server.ssl.key-store-type", () -> "PKCS12");
		registry.add("server.ssl.key-store-password", () -> PASSWORD);
	}

	@Test
	void interimResponsesArriveWholeOverTls() throws Exception {
		long sent = this.valve.getSentCount();
		try (RawHttpConnection connection = connect()) {
			for (int i = 0; i < 200; i++) {
				int size = (i % 3 == 0) ? 100_000 : i * 10;
				Exchange raced = connection.send(RawHttpConnection.get("/race?size=" + size)).readResponse();
				assertThat(raced.interims()).allMatch((head) -> head.statusLine().equals("HTTP/1.1 102 Processing"));
				assertThat(raced.body()).isEqualTo(Arrays.copyOf(WireTestApplication.largeBody(), size));
			}
			String key = Hold.newKey();
			connection.send(RawHttpConnection.get("/hold/" + key));
			connection.readInterim();
			connection.readInterim();
			Holds.release(key);
			assertThat(connection.readResponse().bodyText()).isEqualTo("done " + key);
		}
		assertThat(this.valve.getSentCount()).isGreaterThan(sent);
	}

	@Test
	void requestBodyIsReadWhileInterimResponsesAreWritten() throws Exception {
		try (RawHttpConnection connection = connect()) {
			for (int i = 0; i < 20; i++) {
				String key = Hold.newKey();
				String body = "z".repeat(200_000 + i);
				connection.send(RawHttpConnection.postHead("/upload/" + key, body.length(), false));
				connection.readInterim();
				Uploads.sendBodyAndExpectItReceived(connection, key, body);
			}
		}
	}

	private RawHttpConnection connect() throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { new TrustingTrustManager() }, new SecureRandom());
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", this.port);
		socket.startHandshake();
		return new RawHttpConnection(socket);
	}

	/**
	 * Trusts the test's own self-signed certificate.
	 */
	private static final class TrustingTrustManager implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
