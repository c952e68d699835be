package dev.processing.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import dev.processing.LongRunning;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.server.ResponseStatusException;

/**
 * An application with a handler for each way a long-running method can end, served with Spring Security and
 * Actuator in front of it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ WireTestApplication.Handlers.class, WireTestApplication.TypeLevelHandlers.class })
class WireTestApplication {

	static final int LARGE_BODY_SIZE = 200_000;

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.requestMatchers("/secure/**")
			.authenticated()
			.anyRequest()
			.permitAll()).httpBasic(Customizer.withDefaults()).csrf((csrf) -> csrf.disable()).build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(User.withUsername("user").password("{noop}secret").roles("USER").build());
	}

	static byte[] largeBody() {
		byte[] body = new byte[LARGE_BODY_SIZE];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) ('a' + (i % 26));
		}
		return body;
	}

	@RestController
	static class Handlers {

		@LongRunning
		@GetMapping("/hold/{key}")
		String hold(@PathVariable String key) {
			Holds.await(key);
			return "done " + key;
		}

		// Slow enough that a client that takes at most 8 interim responses (the JDK's HttpClient) gets a handful.
		@LongRunning(initialDelay = "5ms", interval = "200ms")
		@GetMapping("/steady/{key}")
		String steady(@PathVariable String key) {
			Holds.await(key);
			return "steady " + key;
		}

		@LongRunning
		@GetMapping("/secure/hold/{key}")
		String secureHold(@PathVariable String key) {
			Holds.await(key);
			return "secret " + key;
		}

		@LongRunning
		@GetMapping("/sleep")
		String sleep(@RequestParam long millis) {
			LockSupport.parkNanos(millis * 1_000_000);
			return "slept";
		}

		@LongRunning(initialDelay = "10s")
		@GetMapping("/quick")
		String quick() {
			return "quick";
		}

		@GetMapping("/plain")
		String plain(@RequestParam(defaultValue = "0") long millis) {
			LockSupport.parkNanos(millis * 1_000_000);
			return "plain";
		}

		@LongRunning
		@GetMapping("/entity/{key}")
		ResponseEntity<Map<String, String>> entity(@PathVariable String key) {
			Holds.await(key);
			return ResponseEntity.status(HttpStatus.CREATED)
				.header("X-Report", "r-" + key)
				.body(Map.of("report", key));
		}

		@LongRunning
		@GetMapping("/large/{key}")
		void large(@PathVariable String key, HttpServletResponse response) throws IOException {
			Holds.await(key);
			response.setContentType("text/plain");
			// Far over the response buffer, so the response commits inside the handler.
			response.getOutputStream().write(largeBody());
		}

		@LongRunning
		@GetMapping("/flush/{key}")
		void flush(@PathVariable String key, HttpServletResponse response) throws IOException {
			Holds.await(key);
			response.setContentType("text/plain");
			response.flushBuffer();
			response.getWriter().write("flushed " + key);
		}

		@LongRunning
		@GetMapping("/redirect/{key}")
		void redirect(@PathVariable String key, HttpServletResponse response) throws IOException {
			Holds.await(key);
			response.sendRedirect("/plain");
		}

		@LongRunning
		@GetMapping("/send-error/{key}")
		void sendError(@PathVariable String key, HttpServletResponse response) throws IOException {
			Holds.await(key);
			response.sendError(429, "too many reports at once");
		}

		@LongRunning
		@GetMapping("/fail/{key}")
		String fail(@PathVariable String key) {
			Holds.await(key);
			throw new ResponseStatusException(HttpStatus.CONFLICT, "report " + key + " is locked");
		}

		@LongRunning
		@GetMapping("/callable/{key}")
		Callable<String> callable(@PathVariable String key) {
			return () -> {
				Holds.await(key);
				return "callable " + key;
			};
		}

		@LongRunning
		@GetMapping("/future/{key}")
		CompletableFuture<String> future(@PathVariable String key) {
			return CompletableFuture.supplyAsync(() -> {
				Holds.await(key);
				return "future " + key;
			});
		}

		@LongRunning
		@GetMapping("/deferred/{key}")
		DeferredResult<String> deferred(@PathVariable String key) {
			DeferredResult<String> result = new DeferredResult<>();
			new Thread(() -> {
				Holds.await(key);
				result.setResult("deferred " + key);
			}).start();
			return result;
		}

		@LongRunning
		@PostMapping("/upload/{key}")
		String upload(@PathVariable String key, @RequestBody String body) {
			Holds.await(key);
			return "received " + body.length() + " " + key;
		}

		@LongRunning(initialDelay = "${wire.long-delay}")
		@GetMapping("/placeholder/long")
		String placeholderLong(@RequestParam long millis) {
			LockSupport.parkNanos(millis * 1_000_000);
			return "long";
		}

		@LongRunning(initialDelay = "${wire.short-delay}", interval = "${wire.short-delay}")
		@GetMapping("/placeholder/short/{key}")
		String placeholderShort(@PathVariable String key) {
			Holds.await(key);
			return "short";
		}

		@LongRunning
		@GetMapping("/race")
		byte[] race(@RequestParam int size) {
			LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(3_000_000));
			byte[] body = Arrays.copyOf(largeBody(), size);
			return body;
		}

		@GetMapping("/text")
		String text() {
			return new String(largeBody(), 0, 10, StandardCharsets.US_ASCII);
		}

	}

	@LongRunning
	@RestController
	@RequestMapping("/typed")
	static class TypeLevelHandlers {

		@GetMapping("/hold/{key}")
		String hold(@PathVariable String key) {
			Holds.await(key);
			return "typed " + key;
		}

		@LongRunning(initialDelay = "10s")
		@GetMapping("/patient")
		String patient(@RequestParam long millis) {
			LockSupport.parkNanos(millis * 1_000_000);
			return "patient";
		}

	}

}
