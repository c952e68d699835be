package dev.processing.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.processing.tomcat.InterimResponseValve;
import dev.processing.wire.RawHttpConnection.Exchange;
import dev.processing.wire.RawHttpConnection.Head;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a client sees on the wire from {@code @LongRunning} handlers, read byte by byte.
 */
// springdoc warns at start-up that its endpoint is on by default, and a test here asserts a log without WARN.
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "processing.interim.initial-delay=5ms", "processing.interim.interval=5ms",
				"wire.long-delay=10s", "wire.short-delay=3ms", "management.endpoints.web.exposure.include=health",
				"springdoc.api-docs.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
class InterimResponseWireTests {

	@LocalServerPort
	int port;

	@Autowired
	InterimResponseValve valve;

	@Autowired
	@Qualifier("processing")
	ThreadPoolTaskScheduler scheduler;

	@Test
	void interimResponsesRunUntilTheHandlerReturnsAndTheConnectionStaysUsable() throws IOException {
		String key = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			connection.send(RawHttpConnection.get("/hold/" + key));
			Head first = connection.readInterim();
			connection.readInterim();
			Holds.release(key);
			Exchange exchange = connection.readResponse();
			assertThat(first.statusLine()).isEqualTo("HTTP/1.1 102 Processing");
			assertThat(first.headers()).isEmpty();
			assertThat(exchange.status()).isEqualTo(200);
			assertThat(exchange.bodyText()).isEqualTo("done " + key);
			Exchange next = connection.send(RawHttpConnection.get("/plain")).readResponse();
			assertThat(next.interims()).isEmpty();
			assertThat(next.bodyText()).isEqualTo("plain");
			assertThat(connection.isQuietFor(50)).isTrue();
		}
	}

	@Test
	void handlerThatFinishesFirstCausesNoInterimResponseAndLeavesNothingScheduled() throws IOException {
		try (RawHttpConnection connection = connect()) {
			Exchange exchange = connection.send(RawHttpConnection.get("/quick")).readResponse();
			assertThat(exchange.interims()).isEmpty();
			assertThat(exchange.bodyText()).isEqualTo("quick");
			// The gate is disarmed before the final response is written.
			assertThat(this.valve.getActiveCount()).isZero();
			assertThat(this.scheduler.getScheduledThreadPoolExecutor().getQueue()).isEmpty();
		}
	}

	@Test
	void handlerWithoutAnnotationGetsNoInterimResponse() throws IOException {
		try (RawHttpConnection connection = connect()) {
			Exchange exchange = connection.send(RawHttpConnection.get("/plain?millis=100")).readResponse();
			assertThat(exchange.interims()).isEmpty();
			assertThat(exchange.bodyText()).isEqualTo("plain");
		}
	}

	@Test
	void http10RequestGetsNoInterimResponse() throws IOException {
		try (RawHttpConnection connection = connect()) {
			Exchange exchange = connection.send("GET /sleep?millis=100 HTTP/1.0\r\nHost: localhost\r\n\r\n")
				.readResponse();
			assertThat(exchange.interims()).isEmpty();
			assertThat(exchange.head().statusLine()).startsWith("HTTP/1.1 200");
			assertThat(exchange.bodyText()).isEqualTo("slept");
		}
	}

	@Test
	void pipelinedRequestsEachGetTheirOwnResponse() throws IOException {
		String first = Hold.newKey();
		String second = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			connection.send(RawHttpConnection.get("/hold/" + first) + RawHttpConnection.get("/plain")
					+ RawHttpConnection.get("/hold/" + second) + RawHttpConnection.get("/text"));
			connection.readInterim();
			Holds.release(first);
			Exchange one = connection.readResponse();
			Exchange two = connection.readResponse();
			connection.readInterim();
			Holds.release(second);
			Exchange three = connection.readResponse();
			Exchange four = connection.readResponse();
			assertThat(one.bodyText()).isEqualTo("done " + first);
			assertThat(two.interims()).isEmpty();
			assertThat(two.bodyText()).isEqualTo("plain");
			assertThat(three.bodyText()).isEqualTo("done " + second);
			assertThat(four.interims()).isEmpty();
			assertThat(four.bodyText()).isEqualTo("abcdefghij");
		}
	}

	@Test
	void responseEntityKeepsItsStatusAndHeaders() throws IOException {
		Exchange exchange = holdThenRelease("/entity/");
		assertThat(exchange.status()).isEqualTo(201);
		assertThat(exchange.header("X-Report")).startsWith("r-");
		assertThat(exchange.header("Content-Type")).isEqualTo("application/json");
		assertThat(exchange.bodyText()).startsWith("{\"report\":");
	}

	@Test
	void bodyLargerThanTheBufferCommitsInsideTheHandler() throws IOException {
		Exchange exchange = holdThenRelease("/large/");
		assertThat(exchange.status()).isEqualTo(200);
		assertThat(exchange.body()).isEqualTo(WireTestApplication.largeBody());
	}

	@Test
	void flushBufferCommitsTheResponse() throws IOException {
		Exchange exchange = holdThenRelease("/flush/");
		assertThat(exchange.status()).isEqualTo(200);
		assertThat(exchange.header("Transfer-Encoding")).isEqualTo("chunked");
		assertThat(exchange.bodyText()).startsWith("flushed ");
	}

	@Test
	void errorAfterInterimResponsesIsTheFinalResponse() throws IOException {
		Exchange exchange = holdThenRelease("/fail/");
		assertThat(exchange.status()).isEqualTo(409);
		assertThat(exchange.bodyText()).contains("\"status\":409");
	}

	@Test
	void redirectAfterInterimResponsesIsTheFinalResponse() throws IOException {
		Exchange exchange = holdThenRelease("/redirect/");
		assertThat(exchange.status()).isEqualTo(302);
		assertThat(exchange.header("Location")).endsWith("/plain");
	}

	@Test
	void sendErrorAfterInterimResponsesIsTheFinalResponse() throws IOException {
		Exchange exchange = holdThenRelease("/send-error/");
		assertThat(exchange.status()).isEqualTo(429);
		assertThat(exchange.bodyText()).contains("\"status\":429");
	}

	@Test
	void headRequestGetsInterimResponsesAndAHeadOnlyFinalResponse() throws IOException {
		String key = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			connection.send(RawHttpConnection.request("HEAD", "/hold/" + key));
			connection.readInterim();
			connection.readInterim();
			Holds.release(key);
			Exchange exchange = connection.readResponse(true);
			assertThat(exchange.status()).isEqualTo(200);
			assertThat(exchange.body()).isEmpty();
			assertThat(connection.send(RawHttpConnection.get("/plain")).readResponse().bodyText()).isEqualTo("plain");
		}
	}

	@Test
	void callableGetsInterimResponsesUntilItsResultIsWritten() throws IOException {
		Exchange exchange = holdThenRelease("/callable/");
		assertThat(exchange.bodyText()).startsWith("callable ");
	}

	@Test
	void completableFutureGetsInterimResponsesUntilItsResultIsWritten() throws IOException {
		Exchange exchange = holdThenRelease("/future/");
		assertThat(exchange.bodyText()).startsWith("future ");
	}

	@Test
	void deferredResultGetsInterimResponsesUntilItsResultIsWritten() throws IOException {
		Exchange exchange = holdThenRelease("/deferred/");
		assertThat(exchange.bodyText()).startsWith("deferred ");
	}

	@Test
	void typeLevelAnnotationAppliesToEveryHandlerOfTheController() throws IOException {
		Exchange exchange = holdThenRelease("/typed/hold/");
		assertThat(exchange.bodyText()).startsWith("typed ");
	}

	@Test
	void methodLevelAnnotationWinsOverTheTypeLevelOne() throws IOException {
		try (RawHttpConnection connection = connect()) {
			Exchange exchange = connection.send(RawHttpConnection.get("/typed/patient?millis=100")).readResponse();
			assertThat(exchange.interims()).isEmpty();
			assertThat(exchange.bodyText()).isEqualTo("patient");
		}
	}

	@Test
	void placeholdersInTheAnnotationAreResolved() throws IOException {
		try (RawHttpConnection connection = connect()) {
			Exchange patient = connection.send(RawHttpConnection.get("/placeholder/long?millis=100")).readResponse();
			assertThat(patient.interims()).isEmpty();
		}
		Exchange eager = holdThenRelease("/placeholder/short/");
		assertThat(eager.bodyText()).isEqualTo("short");
	}

	@Test
	void requestBodySentWithExpectContinueIsRead() throws IOException {
		String key = Hold.newKey();
		String body = "x".repeat(5000);
		try (RawHttpConnection connection = connect()) {
			connection.send(RawHttpConnection.postHead("/upload/" + key, body.length(), true));
			Head interim = connection.readInterim();
			while (interim.status() != 100) {
				interim = connection.readInterim();
			}
			connection.send(body);
			connection.readInterim();
			connection.readInterim();
			Holds.release(key);
			Exchange exchange = connection.readResponse();
			assertThat(exchange.interims()).allMatch((head) -> head.status() == 102);
			assertThat(exchange.bodyText()).isEqualTo("received 5000 " + key);
		}
	}

	@Test
	void authenticatedRequestBehindSpringSecurityGetsInterimResponses() throws IOException {
		String key = Hold.newKey();
		String credentials = Base64.getEncoder().encodeToString("user:secret".getBytes(StandardCharsets.UTF_8));
		try (RawHttpConnection connection = connect()) {
			connection
				.send(RawHttpConnection.request("GET", "/secure/hold/" + key, "Authorization: Basic " + credentials));
			connection.readInterim();
			connection.readInterim();
			Holds.release(key);
			Exchange exchange = connection.readResponse();
			assertThat(exchange.bodyText()).isEqualTo("secret " + key);
			Exchange refused = connection.send(RawHttpConnection.get("/secure/hold/" + Hold.newKey())).readResponse();
			assertThat(refused.interims()).isEmpty();
			assertThat(refused.status()).isEqualTo(401);
		}
	}

	@Test
	void actuatorEndpointsKeepWorking() throws IOException {
		try (RawHttpConnection connection = connect()) {
			Exchange exchange = connection.send(RawHttpConnection.get("/actuator/health")).readResponse();
			assertThat(exchange.interims()).isEmpty();
			assertThat(exchange.bodyText()).contains("UP");
		}
	}

	@Test
	void ticksStopForClientsThatGoAwayAndLeaveNothingScheduledOrLogged(CapturedOutput output) throws IOException {
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			String key = Hold.newKey();
			keys.add(key);
			try (RawHttpConnection connection = connect()) {
				connection.send(RawHttpConnection.get("/hold/" + key));
				if (i % 2 == 0) {
					connection.readInterim();
				}
			}
		}
		await().until(() -> keys.stream().allMatch(Holds::isEntered));
		await().until(() -> this.valve.getActiveCount() == 0);
		assertThat(this.scheduler.getScheduledThreadPoolExecutor().getQueue()).isEmpty();
		keys.forEach(Holds::release);
		// The handlers now write their responses to closed connections: that is no reason to log.
		await().during(Duration.ofMillis(300))
			.until(() -> !output.getAll().contains(" WARN ") && !output.getAll().contains(" ERROR "));
		assertThat(holdThenRelease("/hold/").bodyText()).startsWith("done ");
	}

	private Exchange holdThenRelease(String path) throws IOException {
		String key = Hold.newKey();
		try (RawHttpConnection connection = connect()) {
			connection.send(RawHttpConnection.get(path + key));
			connection.readInterim();
			connection.readInterim();
			Holds.release(key);
			Exchange exchange = connection.readResponse();
			assertThat(exchange.interims()).allMatch((head) -> head.statusLine().equals("HTTP/1.1 102 Processing"));
			Exchange next = connection.send(RawHttpConnection.get("/plain")).readResponse();
			assertThat(next.interims()).isEmpty();
			assertThat(next.bodyText()).isEqualTo("plain");
			return exchange;
		}
	}

	private RawHttpConnection connect() throws IOException {
		return new RawHttpConnection(this.port);
	}

}
