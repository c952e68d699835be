package dev.processing.operation;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP response kept as plain data: status, header fields in the order they were set, and body bytes.
 *
 * @param status the status code
 * @param headers the header fields, by name, without framing fields such as {@code Content-Length}
 * @param body the body bytes
 * @since 0.1.0
 */
public record StoredResponse(int status, Map<String, List<String>> headers, byte[] body) {

	/**
	 * Create a response, copying the headers.
	 * @param status the status code
	 * @param headers the header fields
	 * @param body the body bytes
	 */
	public StoredResponse {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		headers = Collections.unmodifiableMap(copy);
	}

	/**
	 * Return this response with one header field set to a single value, in place of any it had.
	 * @param name the field's name
	 * @param value its value
	 * @return the response with the field
	 */
	public StoredResponse withHeader(String name, String value) {
		Map<String, List<String>> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, List.of(value));
		return new StoredResponse(this.status, headers, this.body);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof StoredResponse that) && this.status == that.status
				&& this.headers.equals(that.headers) && Arrays.equals(this.body, that.body);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.status + this.headers.hashCode()) + Arrays.hashCode(this.body);
	}

	@Override
	public String toString() {
		return "StoredResponse[status=" + this.status + ", headers=" + this.headers + ", body=" + this.body.length
				+ " bytes]";
	}

}
