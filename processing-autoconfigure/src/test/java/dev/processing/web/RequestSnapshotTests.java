package dev.processing.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RequestSnapshot}: what detached work sees of the request it came from.
 */
class RequestSnapshotTests {

	private static final String UNAVAILABLE = "is not available to the detached work of a 202 Accepted operation";

	private final MockHttpServletRequest request = request();

	@Test
	void copiesMethodUriAndQuery() {
		RequestSnapshot snapshot = RequestSnapshot.of(this.request);
		assertThat(snapshot.getMethod()).isEqualTo("POST");
		assertThat(snapshot.getRequestURI()).isEqualTo("/app/reports");
		assertThat(snapshot.getContextPath()).isEqualTo("/app");
		assertThat(snapshot.getQueryString()).isEqualTo("tag=a&tag=b&year=2030");
		assertThat(snapshot.getRequestURL()).hasToString("https://example.com/app/reports");
	}

	@Test
	void copiesHeaderFieldsWithAllTheirValuesFoundWhateverTheCase() {
		RequestSnapshot snapshot = RequestSnapshot.of(this.request);
		assertThat(snapshot.getHeader("accept")).isEqualTo("application/json");
		assertThat(Collections.list(snapshot.getHeaders("ACCEPT"))).containsExactly("application/json", "text/csv");
		assertThat(snapshot.getHeader("x-trace")).isEqualTo("42");
		assertThat(snapshot.getIntHeader("X-TRACE")).isEqualTo(42);
		assertThat(snapshot.getHeader("X-Missing")).isNull();
		assertThat(Collections.list(snapshot.getHeaders("X-Missing"))).isEmpty();
	}

	@Test
	void copiesParameters() {
		RequestSnapshot snapshot = RequestSnapshot.of(this.request);
		assertThat(snapshot.getParameter("tag")).isEqualTo("a");
		assertThat(snapshot.getParameterValues("tag")).containsExactly("a", "b");
		assertThat(snapshot.getParameter("year")).isEqualTo("2030");
		assertThat(snapshot.getParameterMap()).containsOnlyKeys("tag", "year");
		assertThat(Collections.list(snapshot.getParameterNames())).containsExactly("tag", "year");
	}

	@Test
	void copiesAttributesButNotRequestScopedBeans() {
		Object cart = new Object();
		this.request.setAttribute("scopedTarget.cart", cart);
		RequestSnapshot snapshot = RequestSnapshot.of(this.request);
		assertThat(snapshot.getAttribute("report.kind")).isEqualTo("yearly");
		assertThat(snapshot.getAttribute("scopedTarget.cart")).isNull();
		assertThat(Collections.list(snapshot.getAttributeNames())).containsExactly("report.kind");
	}

	@Test
	void attributesSetOnTheSnapshotDoNotReachTheRequest() {
		RequestSnapshot snapshot = RequestSnapshot.of(this.request);
		snapshot.setAttribute("detached", true);
		snapshot.removeAttribute("report.kind");
		assertThat(this.request.getAttribute("detached")).isNull();
		assertThat(this.request.getAttribute("report.kind")).isEqualTo("yearly");
	}

	@Test
	void copiesLocalesInOrder() {
		RequestSnapshot snapshot = RequestSnapshot.of(this.request);
		assertThat(snapshot.getLocale()).isEqualTo(Locale.GERMANY);
		assertThat(Collections.list(snapshot.getLocales())).containsExactly(Locale.GERMANY, Locale.ENGLISH);
	}

	@Test
	void copiesPrincipal() {
		RequestSnapshot snapshot = RequestSnapshot.of(this.request);
		assertThat(snapshot.getUserPrincipal()).extracting(Principal::getName).isEqualTo("alice");
	}

	@Test
	void hasAnEmptyBody() throws IOException {
		RequestSnapshot snapshot = RequestSnapshot.of(this.request);
		assertThat(snapshot.getInputStream().read()).isEqualTo(-1);
		assertThat(snapshot.getInputStream().isFinished()).isTrue();
		assertThat(snapshot.getReader().readLine()).isNull();
	}

	@Test
	void cannotCreateASession() {
		RequestSnapshot snapshot = RequestSnapshot.of(this.request);
		assertThat(snapshot.getSession(false)).isNull();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> snapshot.getSession(true))
			.withMessageContaining(UNAVAILABLE);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(snapshot::getSession)
			.withMessageContaining(UNAVAILABLE);
	}

	@Test
	void hasTheSessionThatExisted() {
		this.request.getSession(true).setAttribute("cart", "3 items");
		RequestSnapshot snapshot = RequestSnapshot.of(this.request);
		assertThat(snapshot.getSession(true)).isSameAs(this.request.getSession(false));
	}

	@Test
	void cannotStartAsyncProcessing() {
		RequestSnapshot snapshot = RequestSnapshot.of(this.request);
		assertThat(snapshot.isAsyncSupported()).isFalse();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(snapshot::startAsync)
			.withMessageContaining(UNAVAILABLE);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> snapshot.startAsync(snapshot, new MockHttpServletResponse()))
			.withMessageContaining(UNAVAILABLE);
	}

	@Test
	void cannotCheckTheRolesOfTheUser() {
		RequestSnapshot snapshot = RequestSnapshot.of(this.request);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> snapshot.isUserInRole("ADMIN"))
			.withMessageContaining(UNAVAILABLE);
	}

	private static MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/app/reports");
		request.setScheme("https");
		request.setServerName("example.com");
		request.setServerPort(443);
		request.setSecure(true);
		request.setContextPath("/app");
		request.setQueryString("tag=a&tag=b&year=2030");
		request.addParameter("tag", "a", "b");
		request.addParameter("year", "2030");
		request.addHeader("Accept", "application/json");
		request.addHeader("Accept", "text/csv");
		request.addHeader("X-Trace", "42");
		request.setPreferredLocales(List.of(Locale.GERMANY, Locale.ENGLISH));
		request.setUserPrincipal(new Named("alice"));
		request.setAttribute("report.kind", "yearly");
		request.setContent("{\"year\":2030}".getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private record Named(String name) implements Principal {

		@Override
		public String getName() {
			return this.name;
		}

	}

}
