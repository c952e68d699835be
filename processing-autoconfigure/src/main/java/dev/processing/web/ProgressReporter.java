package dev.processing.web;

import java.util.function.Consumer;

import dev.processing.Progress;
import dev.processing.operation.OperationProgress;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Progress} of one long-running request: keeps the latest report as header fields for the next
 * {@code 102 Processing}, and hands it to the operation once the request runs detached.
 *
 * @since 0.1.0
 */
final class ProgressReporter implements Progress {

	/**
	 * The longest {@code Progress-Message} field value, in characters.
	 */
	static final int MAX_FIELD_LENGTH = 128;

	/**
	 * A progress that checks its arguments and reports nowhere, for handlers that are not long-running.
	 */
	static final Progress NOWHERE = (percent, message) -> check(percent);

	private final boolean interimFields;

	private volatile @Nullable String fields;

	private volatile @Nullable Consumer<OperationProgress> operation;

	private @Nullable OperationProgress latest;

	/**
	 * Create a reporter.
	 * @param interimFields whether interim responses carry the progress as header fields
	 */
	ProgressReporter(boolean interimFields) {
		this.interimFields = interimFields;
	}

	@Override
	public void update(int percent, @Nullable String message) {
		check(percent);
		String kept = (message != null) ? cut(message) : null;
		if (this.interimFields) {
			this.fields = fields(percent, kept);
		}
		Consumer<OperationProgress> operation = this.operation;
		if (operation != null) {
			pass(new OperationProgress(percent, kept), operation);
		}
	}

	private static String cut(String message) {
		if (message.length() <= MAX_MESSAGE_LENGTH) {
			return message;
		}
		// Never keep half of a character that takes two chars.
		int end = Character.isHighSurrogate(message.charAt(MAX_MESSAGE_LENGTH - 1)) ? MAX_MESSAGE_LENGTH - 1
				: MAX_MESSAGE_LENGTH;
		return message.substring(0, end);
	}

	private synchronized void pass(OperationProgress report, Consumer<OperationProgress> operation) {
		// Only a change is worth a write to the store.
		if (!report.equals(this.latest)) {
			this.latest = report;
			operation.accept(report);
		}
	}

	private static void check(int percent) {
		if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("Progress must be between 0 and 100 percent, not " + percent);
		}
	}

	/**
	 * Send the reports from now on to an operation as well.
	 * @param operation receives each report
	 */
	void reportTo(Consumer<OperationProgress> operation) {
		this.operation = operation;
	}

	/**
	 * Return the header fields for the next interim response.
	 * @return the fields, each line ending in CRLF, or {@code null} if there is nothing to report
	 */
	@Nullable String interimFields() {
		return this.fields;
	}

	private static String fields(int percent, @Nullable String message) {
		StringBuilder fields = new StringBuilder(32).append("Progress: ").append(percent).append("%\r\n");
		if (message != null) {
			String value = fieldValue(message);
			if (!value.isEmpty()) {
				fields.append("Progress-Message: ").append(value).append("\r\n");
			}
		}
		return fields.toString();
	}

	/**
	 * Make a message safe as a field value (RFC 9110 §5.5): printable ASCII only, anything else becomes {@code ?},
	 * no surrounding spaces, at most {@value #MAX_FIELD_LENGTH} characters.
	 */
	static String fieldValue(String message) {
		StringBuilder value = new StringBuilder(Math.min(message.length(), MAX_FIELD_LENGTH));
		for (int i = 0; i < message.length() && value.length() < MAX_FIELD_LENGTH; i++) {
			char c = message.charAt(i);
			value.append((c >= 0x20 && c < 0x7f) ? c : '?');
		}
		return value.toString().strip();
	}

}
