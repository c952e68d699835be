package dev.processing.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.processing.operation.StoredResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RecordingResponse}: what it keeps of a response, by the rules Tomcat applies to a real one.
 */
class RecordingResponseTests {

	private final RecordingResponse response = new RecordingResponse(1024);

	@Test
	void writerWithoutEncodingFixesAndSendsTheDefaultEncoding() {
		this.response.setContentType("text/plain");
		PrintWriter writer = this.response.getWriter();
		writer.write("caf\u00e9");
		StoredResponse stored = this.response.toStoredResponse();
		assertThat(stored.headers()).containsEntry("Content-Type", List.of("text/plain;charset=ISO-8859-1"));
		assertThat(stored.body()).isEqualTo("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
		assertThat(this.response.getContentType()).isEqualTo("text/plain;charset=ISO-8859-1");
	}

	@Test
	void characterEncodingSetAfterTheContentTypeReplacesItsCharset() {
		this.response.setContentType("text/plain;charset=UTF-8");
		this.response.setCharacterEncoding("ISO-8859-1");
		assertThat(this.response.getContentType()).isEqualTo("text/plain;charset=ISO-8859-1");
		assertThat(this.response.getCharacterEncoding()).isEqualTo("ISO-8859-1");
		assertThat(this.response.toStoredResponse().headers()).containsEntry("Content-Type",
				List.of("text/plain;charset=ISO-8859-1"));
	}

	@Test
	void charsetOfAContentTypeSetOnceTheWriterIsTakenIsIgnored() {
		this.response.setCharacterEncoding("UTF-8");
		this.response.getWriter().write("\u00e9");
		this.response.setContentType("text/plain;charset=ISO-8859-1");
		assertThat(this.response.getContentType()).isEqualTo("text/plain;charset=UTF-8");
		assertThat(this.response.toStoredResponse().body()).isEqualTo("\u00e9".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void errorCommitsTheResponseAsTomcatDoes() {
		this.response.sendError(404, "Not here");
		this.response.setStatus(200);
		this.response.setHeader("X-After", "set");
		assertThat(this.response.isCommitted()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> this.response.sendError(503, "Busy"));
		assertThat(this.response.getStatus()).isEqualTo(404);
		assertThat(this.response.getErrorMessage()).isEqualTo("Not here");
		assertThat(this.response.toStoredResponse().headers()).doesNotContainKey("X-After");
	}

	@Test
	void textWrittenBeforeABufferResetIsGone() {
		this.response.setContentType("text/plain");
		this.response.getWriter().write("partial");
		this.response.resetBuffer();
		this.response.getWriter().write("final");
		assertThat(new String(this.response.toStoredResponse().body(), StandardCharsets.ISO_8859_1))
			.isEqualTo("final");
	}

	@Test
	void bodyWrittenAfterAnErrorIsIgnoredAndTheErrorStatusKept() throws IOException {
		this.response.sendError(503);
		this.response.getOutputStream().write("ignored".getBytes(StandardCharsets.US_ASCII));
		this.response.getWriter().write("ignored too");
		StoredResponse stored = this.response.toStoredResponse();
		assertThat(stored.status()).isEqualTo(503);
		assertThat(stored.body()).isEmpty();
		assertThat(this.response.isOverflowed()).isFalse();
	}

	@Test
	void writingPastTheMaxBodySizeOverflowsAndThrows() throws IOException {
		RecordingResponse small = new RecordingResponse(4);
		small.getOutputStream().write("abcd".getBytes(StandardCharsets.US_ASCII));
		assertThat(small.isOverflowed()).isFalse();
		assertThatIOException().isThrownBy(() -> small.getOutputStream().write('e')).withMessageContaining("4 bytes");
		assertThat(small.isOverflowed()).isTrue();
		assertThat(small.toStoredResponse().body()).isEqualTo("abcd".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void storedResponseLeavesOutFramingFields() {
		this.response.setStatus(201);
		this.response.setContentLength(5);
		this.response.setHeader("Content-Length", "5");
		this.response.setHeader("Transfer-Encoding", "chunked");
		this.response.addHeader("Connection", "close");
		this.response.addHeader("Keep-Alive", "timeout=5");
		this.response.addHeader("X-Rows", "1");
		this.response.addHeader("x-rows", "2");
		StoredResponse stored = this.response.toStoredResponse();
		assertThat(stored.status()).isEqualTo(201);
		assertThat(stored.headers()).containsOnlyKeys("X-Rows");
		assertThat(stored.headers()).containsEntry("X-Rows", List.of("1", "2"));
	}

	@Test
	void flushBufferCommitsAndLaterChangesAreIgnored() {
		this.response.setStatus(201);
		this.response.setHeader("X-Before", "1");
		this.response.flushBuffer();
		assertThat(this.response.isCommitted()).isTrue();
		this.response.setStatus(500);
		this.response.setHeader("X-Before", "2");
		this.response.setHeader("X-After", "1");
		this.response.addHeader("X-After", "2");
		this.response.setContentType("text/plain");
		StoredResponse stored = this.response.toStoredResponse();
		assertThat(stored.status()).isEqualTo(201);
		assertThat(stored.headers()).containsOnlyKeys("X-Before");
		assertThat(stored.headers()).containsEntry("X-Before", List.of("1"));
	}

}
