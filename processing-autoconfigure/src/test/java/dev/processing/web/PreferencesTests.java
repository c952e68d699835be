package dev.processing.web;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Preferences}: reading {@code Prefer} header fields (RFC 7240).
 */
class PreferencesTests {

	@Test
	void noFieldsMeanNoPreferences() {
		assertThat(parse()).isEqualTo(Preferences.NONE);
	}

	@Test
	void respondAsyncIsRead() {
		assertThat(parse("respond-async")).isEqualTo(new Preferences(true, null, false));
	}

	@Test
	void waitIsReadAsSeconds() {
		assertThat(parse("wait=10")).isEqualTo(new Preferences(false, Duration.ofSeconds(10), false));
	}

	@Test
	void waitOfZeroSecondsIsKept() {
		assertThat(parse("wait=0").waitTime()).isEqualTo(Duration.ZERO);
	}

	@Test
	void bothPreferencesAreReadFromOneField() {
		assertThat(parse("respond-async, wait=5")).isEqualTo(new Preferences(true, Duration.ofSeconds(5), false));
	}

	@Test
	void namesAreCaseInsensitive() {
		assertThat(parse("Respond-Async, WAIT=7")).isEqualTo(new Preferences(true, Duration.ofSeconds(7), false));
	}

	@Test
	void preferencesAreReadFromSeveralFields() {
		assertThat(parse("respond-async", "wait=12")).isEqualTo(new Preferences(true, Duration.ofSeconds(12), false));
	}

	@Test
	void firstWaitInAFieldWins() {
		assertThat(parse("wait=3, wait=9").waitTime()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void firstWaitAcrossFieldsWins() {
		assertThat(parse("wait=3", "wait=9").waitTime()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void parametersAfterSemicolonAreIgnored() {
		assertThat(parse("respond-async; priority=high, wait=10;unit=ignored"))
			.isEqualTo(new Preferences(true, Duration.ofSeconds(10), false));
	}

	@Test
	void quotedWaitIsUnquoted() {
		assertThat(parse("wait=\"20\"").waitTime()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void whitespaceAroundNamesAndEqualsIsAllowed() {
		// RFC 7240 §2: preference = token [ BWS "=" BWS word ]
		assertThat(parse("  respond-async  ,  wait = 4 ")).isEqualTo(new Preferences(true, Duration.ofSeconds(4), false));
	}

	@ParameterizedTest
	@ValueSource(strings = { "wait", "wait=", "wait=abc", "wait=-1", "wait=1.5", "wait=+3", "wait=2s",
			"wait=12345678901", "wait=\"\"", "wait=\"7" })
	void waitThatIsNotDeltaSecondsIsIgnored(String field) {
		assertThat(parse(field, "respond-async")).isEqualTo(new Preferences(true, null, false));
	}

	@Test
	void unknownPreferencesAreIgnored() {
		assertThat(parse("return=minimal, handling=lenient, respond-asynchronously, waiting=3, x-wait=4"))
			.isEqualTo(Preferences.NONE);
	}

	@Test
	void unknownPreferencesDoNotHideKnownOnes() {
		assertThat(parse("return=minimal, respond-async, handling=strict, wait=8"))
			.isEqualTo(new Preferences(true, Duration.ofSeconds(8), false));
	}

	@Test
	void emptyElementsAreIgnored() {
		assertThat(parse(",, ,respond-async,", "")).isEqualTo(new Preferences(true, null, false));
	}

	private static Preferences parse(String... fields) {
		return Preferences.parse(Collections.enumeration(List.of(fields)));
	}

	@Test
	void processingIsTheStartersOwnOptIn() {
		assertThat(parse("processing")).isEqualTo(new Preferences(false, null, true));
		assertThat(parse("Processing, respond-async")).isEqualTo(new Preferences(true, null, true));
		assertThat(parse("processing-later")).isEqualTo(Preferences.NONE);
	}

}
