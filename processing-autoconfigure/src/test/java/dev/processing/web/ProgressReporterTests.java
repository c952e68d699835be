package dev.processing.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.processing.Progress;
import dev.processing.operation.OperationProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link ProgressReporter}: the interim header fields it keeps and what it hands to an operation.
 */
class ProgressReporterTests {

	private final ProgressReporter reporter = new ProgressReporter(true);

	private final List<OperationProgress> received = new CopyOnWriteArrayList<>();

	@Test
	void hasNoFieldsBeforeTheFirstReport() {
		assertThat(this.reporter.interimFields()).isNull();
	}

	@Test
	void reportBecomesProgressAndMessageFields() {
		this.reporter.update(40, "Loading rows");
		assertThat(this.reporter.interimFields()).isEqualTo("Progress: 40%\r\nProgress-Message: Loading rows\r\n");
	}

	@Test
	void reportWithoutMessageBecomesProgressFieldOnly() {
		this.reporter.update(7);
		assertThat(this.reporter.interimFields()).isEqualTo("Progress: 7%\r\n");
	}

	@Test
	void latestReportReplacesEarlierOne() {
		this.reporter.update(10, "Starting");
		this.reporter.update(90);
		assertThat(this.reporter.interimFields()).isEqualTo("Progress: 90%\r\n");
	}

	@Test
	void keepsNoFieldsWhenInterimResponsesCarryNone() {
		ProgressReporter withoutFields = new ProgressReporter(false);
		withoutFields.reportTo(this.received::add);
		withoutFields.update(40, "Loading rows");
		assertThat(withoutFields.interimFields()).isNull();
		assertThat(this.received).containsExactly(new OperationProgress(40, "Loading rows"));
	}

	@Test
	void messageIsMadePrintableAsciiSoThatItCannotInjectFields() {
		this.reporter.update(25, "Zählen der Zeilen\r\nX-Injected: 1\u0000\u007f\t");
		assertThat(this.reporter.interimFields())
			.isEqualTo("Progress: 25%\r\nProgress-Message: Z?hlen der Zeilen??X-Injected: 1???\r\n");
	}

	@Test
	void fieldValueKeepsEveryPrintableAsciiCharacter() {
		StringBuilder printable = new StringBuilder();
		for (char c = '!'; c <= '~'; c++) {
			printable.append(c);
		}
		assertThat(ProgressReporter.fieldValue(printable.toString())).isEqualTo(printable.toString());
	}

	@Test
	void fieldValueHasNoSurroundingSpaces() {
		assertThat(ProgressReporter.fieldValue("  Loading rows \u00a0")).isEqualTo("Loading rows ?");
		assertThat(ProgressReporter.fieldValue("   Loading rows   ")).isEqualTo("Loading rows");
	}

	@Test
	void blankMessageGivesNoMessageField() {
		this.reporter.update(60, "   ");
		assertThat(this.reporter.interimFields()).isEqualTo("Progress: 60%\r\n");
	}

	@Test
	void messageFieldIsCutAt128Characters() {
		this.reporter.update(50, "m".repeat(150));
		assertThat(this.reporter.interimFields())
			.isEqualTo("Progress: 50%\r\nProgress-Message: " + "m".repeat(ProgressReporter.MAX_FIELD_LENGTH) + "\r\n");
		assertThat(ProgressReporter.MAX_FIELD_LENGTH).isEqualTo(128);
	}

	@Test
	void messageOf128CharactersIsKeptWhole() {
		String message = "a".repeat(127) + "z";
		assertThat(ProgressReporter.fieldValue(message)).isEqualTo(message);
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 101, Integer.MIN_VALUE, Integer.MAX_VALUE })
	void percentOutOfRangeIsRejectedAndChangesNothing(int percent) {
		this.reporter.reportTo(this.received::add);
		this.reporter.update(30, "Before");
		assertThatIllegalArgumentException().isThrownBy(() -> this.reporter.update(percent, "Bad"))
			.withMessageContaining(Integer.toString(percent));
		assertThatIllegalArgumentException().isThrownBy(() -> this.reporter.update(percent));
		assertThat(this.reporter.interimFields()).isEqualTo("Progress: 30%\r\nProgress-Message: Before\r\n");
		assertThat(this.received).containsExactly(new OperationProgress(30, "Before"));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 100 })
	void percentAtTheBoundsIsAccepted(int percent) {
		this.reporter.update(percent);
		assertThat(this.reporter.interimFields()).isEqualTo("Progress: " + percent + "%\r\n");
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 101 })
	void progressThatReportsNowhereStillChecksPercent(int percent) {
		assertThatIllegalArgumentException().isThrownBy(() -> ProgressReporter.NOWHERE.update(percent, "Bad"));
		assertThatIllegalArgumentException().isThrownBy(() -> ProgressReporter.NOWHERE.update(percent));
	}

	@Test
	void progressThatReportsNowhereAcceptsPercentInRange() {
		assertThatNoException().isThrownBy(() -> {
			ProgressReporter.NOWHERE.update(0, "Start");
			ProgressReporter.NOWHERE.update(100);
		});
	}

	@Test
	void operationReceivesReportsOnlyOnceAttached() {
		this.reporter.update(10, "Before");
		this.reporter.reportTo(this.received::add);
		this.reporter.update(20, "After");
		this.reporter.update(30);
		assertThat(this.received).containsExactly(new OperationProgress(20, "After"), new OperationProgress(30, null));
	}

	@Test
	void operationReceivesAReportOnlyWhenItChanges() {
		this.reporter.reportTo(this.received::add);
		this.reporter.update(40, "Loading rows");
		this.reporter.update(40, "Loading rows");
		this.reporter.update(41, "Loading rows");
		this.reporter.update(41, "Sorting rows");
		this.reporter.update(41, "Sorting rows");
		this.reporter.update(41);
		this.reporter.update(41);
		assertThat(this.received).containsExactly(new OperationProgress(40, "Loading rows"),
				new OperationProgress(41, "Loading rows"), new OperationProgress(41, "Sorting rows"),
				new OperationProgress(41, null));
	}

	@Test
	void reportEqualToTheLatestAfterACutIsNotPassedOnAgain() {
		this.reporter.reportTo(this.received::add);
		String message = "a".repeat(Progress.MAX_MESSAGE_LENGTH);
		this.reporter.update(50, message + "first tail");
		this.reporter.update(50, message + "second tail");
		assertThat(this.received).containsExactly(new OperationProgress(50, message));
	}

	@Test
	void operationReceivesMessageAsWrittenForItsJsonMonitor() {
		this.reporter.reportTo(this.received::add);
		this.reporter.update(25, "Zählen\r\nder Zeilen");
		assertThat(this.received).containsExactly(new OperationProgress(25, "Zählen\r\nder Zeilen"));
	}

	@Test
	void operationReceivesMessageCutToMaxMessageLength() {
		this.reporter.reportTo(this.received::add);
		this.reporter.update(50, "a".repeat(Progress.MAX_MESSAGE_LENGTH) + "cut off");
		assertThat(this.received).singleElement()
			.extracting(OperationProgress::message)
			.isEqualTo("a".repeat(Progress.MAX_MESSAGE_LENGTH));
	}

	@Test
	void operationReceivesMessageOfMaxMessageLengthWhole() {
		this.reporter.reportTo(this.received::add);
		String message = "b".repeat(Progress.MAX_MESSAGE_LENGTH - 1) + "z";
		this.reporter.update(50, message);
		assertThat(this.received).singleElement().extracting(OperationProgress::message).isEqualTo(message);
	}

	@Test
	void cutMessageDoesNotEndInHalfACharacter() {
		this.reporter.reportTo(this.received::add);
		// U+1F4CA (bar chart) is two UTF-16 chars; the limit falls between them.
		this.reporter.update(50, "a".repeat(Progress.MAX_MESSAGE_LENGTH - 1) + "\uD83D\uDCCA");
		String message = this.received.get(0).message();
		assertThat(message).isNotNull();
		assertThat(message.length()).isLessThanOrEqualTo(Progress.MAX_MESSAGE_LENGTH);
		assertThat(Character.isHighSurrogate(message.charAt(message.length() - 1)))
			.as("last char of the cut message is a lone high surrogate")
			.isFalse();
	}

}
