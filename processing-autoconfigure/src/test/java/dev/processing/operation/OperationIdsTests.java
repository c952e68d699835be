package dev.processing.operation;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OperationIds}.
 */
class OperationIdsTests {

	@Test
	void idIs22UrlSafeCharacters() {
		for (int i = 0; i < 1000; i++) {
			assertThat(OperationIds.next()).hasSize(22).matches("[A-Za-z0-9_-]+");
		}
	}

	@Test
	void idsDoNotRepeat() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(OperationIds.next());
		}
		assertThat(ids).hasSize(10_000);
	}

	@Test
	void idsUseTheWholeUrlSafeAlphabet() {
		Set<Character> seen = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			for (char c : OperationIds.next().toCharArray()) {
				seen.add(c);
			}
		}
		assertThat(seen).hasSize(64).contains('-', '_');
	}

	@Test
	void newIdIsWellFormed() {
		assertThat(OperationIds.isWellFormed(OperationIds.next())).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "AAAAAAAAAAAAAAAAAAAAAA", "zzzzzzzzzzzzzzzzzzzzzz", "0123456789-_abcdefXYZa" })
	void twentyTwoUrlSafeCharactersAreWellFormed(String id) {
		assertThat(OperationIds.isWellFormed(id)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAA+",
			"AAAAAAAAAAAAAAAAAAAAA/", "AAAAAAAAAAAAAAAAAAAA==", "AAAAAAAAAAAAAAAAAAAAA.", "AAAAAAAAAA AAAAAAAAAAA",
			"AAAAAAAAAAAAAAAAAAAAA%", "ÄAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAA\n", "../../../../etc/passwd" })
	void anythingElseIsNotWellFormed(String id) {
		assertThat(OperationIds.isWellFormed(id)).isFalse();
	}

}
