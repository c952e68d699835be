package dev.processing.wire;

import java.io.IOException;

import dev.processing.wire.RawHttpConnection.Exchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finishes an upload to {@code /upload/{key}} of {@link WireTestApplication} once its head has been sent.
 */
final class Uploads {

	private Uploads() {
	}

	/**
	 * Send the body, wait for one more interim response, let the handler answer and check its answer.
	 */
	static Exchange sendBodyAndExpectItReceived(RawHttpConnection connection, String key, String body)
			throws IOException {
		connection.send(body);
		connection.readInterim();
		Holds.release(key);
		Exchange exchange = connection.readResponse();
		assertThat(exchange.interims()).allMatch((head) -> head.status() == 102);
		assertThat(exchange.bodyText()).isEqualTo("received " + body.length() + " " + key);
		return exchange;
	}

}
