package dev.processing.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.processing.operation.StoredResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.FastByteArrayOutputStream;
import org.springframework.util.LinkedCaseInsensitiveMap;

/**
 * A response that records what is written to it, up to a limit on the body, so that the result of a
 * {@code 202 Accepted} operation can be kept as a {@link StoredResponse} and replayed later.
 *
 * @since 0.1.0
 */
final class RecordingResponse implements HttpServletResponse {

	private final long maxBodySize;

	private final Map<String, List<String>> headers = new LinkedCaseInsensitiveMap<>(Locale.ROOT);

	private final FastByteArrayOutputStream body = new FastByteArrayOutputStream();

	private int status = SC_OK;

	private @Nullable String errorMessage;

	private boolean errorSent;

	private boolean committed;

	private boolean overflowed;

	private @Nullable String contentType;

	private @Nullable String characterEncoding;

	private Locale locale = Locale.getDefault();

	private @Nullable ServletOutputStream outputStream;

	private @Nullable PrintWriter writer;

	RecordingResponse(long maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	/**
	 * Whether the body grew past its limit; what was written past it is lost.
	 */
	boolean isOverflowed() {
		return this.overflowed;
	}

	/**
	 * Whether {@link #sendError} was called.
	 */
	boolean isErrorSent() {
		return this.errorSent;
	}

	@Nullable String getErrorMessage() {
		return this.errorMessage;
	}

	/**
	 * Whether anything was written as the body or a content type was set.
	 */
	boolean hasBody() {
		return this.body.size() > 0 || this.contentType != null;
	}

	/**
	 * Return what was recorded, without framing header fields.
	 */
	StoredResponse toStoredResponse() {
		if (this.writer != null) {
			this.writer.flush();
		}
		Map<String, List<String>> recorded = new LinkedHashMap<>();
		String contentType = fullContentType();
		if (contentType != null) {
			recorded.put(HttpHeaders.CONTENT_TYPE, List.of(contentType));
		}
		this.headers.forEach((name, values) -> {
			if (!isFraming(name)) {
				recorded.put(name, values);
			}
		});
		return new StoredResponse(this.status, recorded, this.body.toByteArrayUnsafe());
	}

	private static boolean isFraming(String name) {
		return HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name) || HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name)
				|| HttpHeaders.CONNECTION.equalsIgnoreCase(name) || "Keep-Alive".equalsIgnoreCase(name);
	}

	/**
	 * Return the content type as Tomcat sends it: the type set, and the character encoding if one was set.
	 */
	private @Nullable String fullContentType() {
		if (this.contentType == null) {
			return null;
		}
		return (this.characterEncoding != null) ? this.contentType + ";charset=" + this.characterEncoding
				: this.contentType;
	}

	/**
	 * Whether the status and header fields are final: once committed, and (as Tomcat does) once an error was sent.
	 */
	private boolean isLocked() {
		return this.committed || this.errorSent;
	}

	@Override
	public @Nullable String getCharacterEncoding() {
		return (this.characterEncoding != null) ? this.characterEncoding : StandardCharsets.ISO_8859_1.name();
	}

	@Override
	public @Nullable String getContentType() {
		return fullContentType();
	}

	@Override
	public ServletOutputStream getOutputStream() {
		if (this.outputStream == null) {
			this.outputStream = new ServletOutputStream() {

				@Override
				public void write(int b) throws IOException {
					write(new byte[] { (byte) b }, 0, 1);
				}

				@Override
				public void write(byte[] bytes, int offset, int length) throws IOException {
					append(bytes, offset, length);
				}

				@Override
				public void flush() {
					RecordingResponse.this.committed = true;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setWriteListener(WriteListener writeListener) {
					throw new UnsupportedOperationException("Non-blocking writes are not available to the detached "
							+ "work of a 202 Accepted operation");
				}

			};
		}
		return this.outputStream;
	}

	private void append(byte[] bytes, int offset, int length) throws IOException {
		if (this.errorSent) {
			return;
		}
		if (this.body.size() + (long) length > this.maxBodySize) {
			this.overflowed = true;
			throw new IOException("The result is larger than the " + this.maxBodySize + " bytes kept for a result");
		}
		this.body.write(bytes, offset, length);
	}

	@Override
	public PrintWriter getWriter() {
		if (this.writer == null) {
			// Servlet 6.1 §5.6: the encoding in use is fixed, and sent, once the writer is taken.
			setCharacterEncoding(getCharacterEncoding());
			Charset charset = Charset.forName(getCharacterEncoding());
			this.writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
		}
		return this.writer;
	}

	@Override
	public void setCharacterEncoding(@Nullable String encoding) {
		if (!isLocked() && this.writer == null) {
			this.characterEncoding = encoding;
		}
	}

	@Override
	public void setContentLength(int length) {
	}

	@Override
	public void setContentLengthLong(long length) {
	}

	@Override
	public void setContentType(@Nullable String type) {
		if (isLocked()) {
			return;
		}
		if (type == null) {
			this.contentType = null;
			return;
		}
		int charset = type.toLowerCase(Locale.ROOT).indexOf(";charset=");
		if (charset < 0) {
			charset = type.toLowerCase(Locale.ROOT).indexOf("; charset=");
		}
		if (charset < 0) {
			this.contentType = type;
			return;
		}
		// Keep the type and its character encoding apart, as Tomcat does, so that either may change later.
		int value = type.indexOf('=', charset) + 1;
		int end = type.indexOf(';', value);
		this.contentType = type.substring(0, charset) + ((end >= 0) ? type.substring(end) : "");
		if (this.writer == null) {
			this.characterEncoding = type.substring(value, (end >= 0) ? end : type.length()).replace("\"", "").trim();
		}
	}

	@Override
	public void setBufferSize(int size) {
	}

	@Override
	public int getBufferSize() {
		return 0;
	}

	@Override
	public void flushBuffer() {
		if (this.writer != null) {
			this.writer.flush();
		}
		this.committed = true;
	}

	@Override
	public void resetBuffer() {
		if (this.committed) {
			throw new IllegalStateException("The response has been committed");
		}
		if (this.writer != null) {
			// Text the writer still holds goes with the rest.
			this.writer.flush();
		}
		this.body.reset();
		this.overflowed = false;
	}

	@Override
	public boolean isCommitted() {
		return isLocked();
	}

	@Override
	public void reset() {
		resetBuffer();
		this.headers.clear();
		this.status = SC_OK;
		this.contentType = null;
		this.characterEncoding = null;
	}

	@Override
	public void setLocale(Locale locale) {
		if (!isLocked()) {
			this.locale = locale;
		}
	}

	@Override
	public Locale getLocale() {
		return this.locale;
	}

	@Override
	public void addCookie(Cookie cookie) {
		StringBuilder header = new StringBuilder(cookie.getName()).append('=').append(cookie.getValue());
		cookie.getAttributes().forEach((name, value) -> {
			header.append("; ").append(name);
			if (value != null && !value.isEmpty()) {
				header.append('=').append(value);
			}
		});
		addHeader(HttpHeaders.SET_COOKIE, header.toString());
	}

	@Override
	public boolean containsHeader(String name) {
		return this.headers.containsKey(name) || (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
				&& this.contentType != null);
	}

	@Override
	public String encodeURL(String url) {
		return url;
	}

	@Override
	public String encodeRedirectURL(String url) {
		return url;
	}

	@Override
	public void sendError(int status, @Nullable String message) {
		if (isLocked()) {
			throw new IllegalStateException("The response has been committed");
		}
		this.status = status;
		this.errorMessage = message;
		this.errorSent = true;
	}

	@Override
	public void sendError(int status) {
		sendError(status, null);
	}

	@Override
	public void sendRedirect(String location, int status, boolean clearBuffer) {
		if (isLocked()) {
			throw new IllegalStateException("The response has been committed");
		}
		if (clearBuffer) {
			this.body.reset();
		}
		this.status = status;
		setHeader(HttpHeaders.LOCATION, location);
		this.committed = true;
	}

	@Override
	public void setDateHeader(String name, long date) {
		setHeader(name, formatDate(date));
	}

	@Override
	public void addDateHeader(String name, long date) {
		addHeader(name, formatDate(date));
	}

	private static String formatDate(long date) {
		HttpHeaders formatted = new HttpHeaders();
		formatted.setDate("Date", date);
		return formatted.getFirst("Date");
	}

	@Override
	public void setHeader(String name, @Nullable String value) {
		if (isLocked()) {
			return;
		}
		if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
			setContentType(value);
		}
		else if (value == null) {
			this.headers.remove(name);
		}
		else {
			List<String> values = new ArrayList<>();
			values.add(value);
			this.headers.put(name, values);
		}
	}

	@Override
	public void addHeader(String name, @Nullable String value) {
		if (isLocked() || value == null) {
			return;
		}
		if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
			setContentType(value);
		}
		else {
			this.headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
	}

	@Override
	public void setIntHeader(String name, int value) {
		setHeader(name, Integer.toString(value));
	}

	@Override
	public void addIntHeader(String name, int value) {
		addHeader(name, Integer.toString(value));
	}

	@Override
	public void setStatus(int status) {
		if (!isLocked()) {
			this.status = status;
		}
	}

	@Override
	public int getStatus() {
		return this.status;
	}

	@Override
	public @Nullable String getHeader(String name) {
		if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
			return fullContentType();
		}
		List<String> values = this.headers.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	@Override
	public Collection<String> getHeaders(String name) {
		if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
			String contentType = fullContentType();
			return (contentType != null) ? List.of(contentType) : List.of();
		}
		List<String> values = this.headers.get(name);
		return (values != null) ? List.copyOf(values) : List.of();
	}

	@Override
	public Collection<String> getHeaderNames() {
		List<String> names = new ArrayList<>(this.headers.keySet());
		if (this.contentType != null) {
			names.add(HttpHeaders.CONTENT_TYPE);
		}
		return names;
	}

}
