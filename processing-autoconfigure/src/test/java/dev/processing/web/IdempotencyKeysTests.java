package dev.processing.web;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link IdempotencyKeys}: reading the field, and the scope and fingerprint of a key.
 */
class IdempotencyKeysTests {

	@Test
	void readsAStructuredFieldStringWithItsEscapes() {
		assertThat(IdempotencyKeys.read(request("\"a\\\"b\\\\c\""))).isEqualTo("a\"b\\c");
	}

	@Test
	void readsABareKey() {
		assertThat(IdempotencyKeys.read(request(" 8e03978e-40d5 "))).isEqualTo("8e03978e-40d5");
	}

	@Test
	void requestWithoutTheFieldHasNoKey() {
		assertThat(IdempotencyKeys.read(new MockHttpServletRequest("POST", "/jobs"))).isNull();
	}

	@Test
	void refusesMalformedKeys() {
		for (String value : new String[] { "\"a\" b", "\"a\\b\"", "\"unterminated", "a\"b", "é", "\"\"",
				"\"k\"".replace("k", "k".repeat(256)) }) {
			assertThatIllegalArgumentException().as(value).isThrownBy(() -> IdempotencyKeys.read(request(value)));
		}
	}

	@Test
	void scopeDiffersByPrincipalMethodAndPath() {
		MockHttpServletRequest post = new MockHttpServletRequest("POST", "/jobs");
		MockHttpServletRequest put = new MockHttpServletRequest("PUT", "/jobs");
		MockHttpServletRequest other = new MockHttpServletRequest("POST", "/reports");
		String scope = IdempotencyKeys.scope("k", "alice", post);
		assertThat(IdempotencyKeys.scope("k", "alice", post)).isEqualTo(scope).hasSize(43);
		assertThat(IdempotencyKeys.scope("k", "bob", post)).isNotEqualTo(scope);
		assertThat(IdempotencyKeys.scope("k", null, post)).isNotEqualTo(scope);
		assertThat(IdempotencyKeys.scope("k", "alice", put)).isNotEqualTo(scope);
		assertThat(IdempotencyKeys.scope("k", "alice", other)).isNotEqualTo(scope);
		assertThat(IdempotencyKeys.scope("k2", "alice", post)).isNotEqualTo(scope);
	}

	@Test
	void fingerprintCoversTheQueryAndTheFormParameters() {
		MockHttpServletRequest form = new MockHttpServletRequest("POST", "/jobs");
		form.setContentType("application/x-www-form-urlencoded");
		form.addParameter("size", "1");
		MockHttpServletRequest otherForm = new MockHttpServletRequest("POST", "/jobs");
		otherForm.setContentType("application/x-www-form-urlencoded");
		otherForm.addParameter("size", "2");
		MockHttpServletRequest query = new MockHttpServletRequest("POST", "/jobs");
		query.setQueryString("size=1");
		String fingerprint = IdempotencyKeys.fingerprint("scope", form).fingerprint();
		assertThat(IdempotencyKeys.fingerprint("scope", form).fingerprint()).isEqualTo(fingerprint);
		assertThat(IdempotencyKeys.fingerprint("scope", otherForm).fingerprint()).isNotEqualTo(fingerprint);
		assertThat(IdempotencyKeys.fingerprint("scope", query).fingerprint()).isNotEqualTo(fingerprint);
	}

	private static MockHttpServletRequest request(String value) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/jobs");
		request.addHeader(IdempotencyKeys.HEADER, value);
		return request;
	}

}
