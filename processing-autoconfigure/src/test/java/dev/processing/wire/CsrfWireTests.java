package dev.processing.wire;

import java.io.IOException;

import dev.processing.LongRunning;
import dev.processing.ProcessingMode;
import dev.processing.wire.RawHttpConnection.Exchange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Canceling with {@code DELETE} under Spring Security's CSRF protection, set up as the README says: an API client
 * that authenticates every request needs no token once the monitor is left out of CSRF protection; a browser
 * client, whose session cookie is sent by itself, sends the session's CSRF token.
 */
class CsrfWireTests {

	private static final String ALICE = Monitors.basic("alice", "a");

	@Nested
	@SpringBootTest(classes = ApiClients.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class ForApiClients {

		@LocalServerPort
		int port;

		@Test
		void deleteWithCredentialsAndNoTokenCancels() throws IOException {
			try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
				String location = submit(connection, ALICE);
				Exchange canceled = connection.send(RawHttpConnection.request("DELETE", location, ALICE))
					.readResponse();
				assertThat(canceled.status()).isEqualTo(200);
				assertThat(Monitors.json(canceled).get("status").asString()).isEqualTo("canceled");
			}
		}

	}

	@Nested
	@SpringBootTest(classes = BrowserClients.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class ForBrowserClients {

		@LocalServerPort
		int port;

		@Test
		void deleteWithoutTheTokenIsForbiddenAndWithItCancels() throws IOException {
			try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
				Exchange token = connection.send(RawHttpConnection.request("GET", "/csrf", ALICE)).readResponse();
				assertThat(token.status()).isEqualTo(200);
				// A browser sends the session cookie, and the credentials it was given, with every request by itself.
				String cookie = "Cookie: " + token.header("Set-Cookie").split(";", 2)[0];
				String location = submit(connection, ALICE, cookie);
				Exchange forbidden = connection.send(RawHttpConnection.request("DELETE", location, ALICE, cookie))
					.readResponse();
				assertThat(forbidden.status()).isEqualTo(403);
				Exchange canceled = connection.send(RawHttpConnection.request("DELETE", location, ALICE, cookie,
						"X-CSRF-TOKEN: " + token.bodyText()))
					.readResponse();
				assertThat(canceled.status()).isEqualTo(200);
				assertThat(Monitors.json(canceled).get("status").asString()).isEqualTo("canceled");
			}
		}

	}

	private static String submit(RawHttpConnection connection, String... fields) throws IOException {
		String key = Hold.newKey();
		String location = Monitors
			.accepted(connection.send(RawHttpConnection.request("GET", "/csrf-jobs/" + key, fields)).readResponse());
		await().until(() -> Holds.isEntered(key));
		return location;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Jobs.class)
	static class ApiClients {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			// Clients authenticate each request themselves, so the status monitor needs no CSRF token.
			return Jobs.authenticated(http).csrf((csrf) -> csrf.ignoringRequestMatchers("/operations/**")).build();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Jobs.class)
	static class BrowserClients {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			// Spring Security's defaults: CSRF protection for every unsafe method, the monitor's DELETE included.
			return Jobs.authenticated(http).build();
		}

	}

	@RestController
	static class Jobs {

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}a").roles("USER").build());
		}

		/**
		 * Every request authenticated with HTTP Basic, the error page excepted, so that a refusal shows as such.
		 */
		static HttpSecurity authenticated(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests(
						(requests) -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
				.httpBasic(Customizer.withDefaults());
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/csrf-jobs/{key}")
		String job(@PathVariable String key) {
			Holds.await(key);
			return "done";
		}

		@GetMapping("/csrf")
		String csrf(CsrfToken token) {
			return token.getToken();
		}

	}

}
