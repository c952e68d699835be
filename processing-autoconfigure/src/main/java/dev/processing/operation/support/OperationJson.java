package dev.processing.operation.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.processing.operation.OperationProgress;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON that stores keep the structured parts of an operation in (header fields, progress), rather than Java
 * serialization, so that instances on different versions of the application read each other's operations.
 *
 * @since 0.1.0
 */
public final class OperationJson {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final TypeReference<LinkedHashMap<String, List<String>>> HEADERS = new TypeReference<>() {
	};

	private OperationJson() {
	}

	/**
	 * Write header fields as a JSON object of arrays, in their order.
	 * @param headers the header fields
	 * @return the JSON
	 */
	public static String writeHeaders(Map<String, List<String>> headers) {
		return json.writeValueAsString(headers);
	}

	/**
	 * Read header fields written by {@link #writeHeaders}.
	 * @param text the JSON
	 * @return the header fields, in their order
	 */
	public static Map<String, List<String>> readHeaders(String text) {
		return json.readValue(text, HEADERS);
	}

	/**
	 * Write progress as a JSON object with {@code percent} and {@code message}.
	 * @param progress the progress
	 * @return the JSON
	 */
	public static String writeProgress(OperationProgress progress) {
		return json.writeValueAsString(progress);
	}

	/**
	 * Read progress written by {@link #writeProgress}.
	 * @param text the JSON
	 * @return the progress
	 */
	public static OperationProgress readProgress(String text) {
		return json.readValue(text, OperationProgress.class);
	}

}
