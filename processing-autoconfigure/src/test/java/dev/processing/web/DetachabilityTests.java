package dev.processing.web;

import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Detachability}: a body or an entity can run detached; an asynchronous or reactive value, which
 * completes the response itself, cannot.
 */
class DetachabilityTests {

	@Test
	void bodyAndEntityCanRunDetached() {
		assertThat(whyNot("body")).isNull();
		assertThat(whyNot("entity")).isNull();
	}

	@Test
	void asynchronousAndReactiveValuesCannot() {
		assertThat(whyNot("future")).contains("CompletableFuture");
		assertThat(whyNot("callable")).contains("Callable");
		assertThat(whyNot("mono")).contains("Mono");
		assertThat(whyNot("flux")).contains("Flux");
		assertThat(whyNot("publisher")).contains("Publisher");
	}

	private static String whyNot(String name) {
		Method method = ReflectionUtils.findMethod(Handlers.class, name);
		return Detachability.whyNot(new HandlerMethod(new Handlers(), method));
	}

	@RestController
	static class Handlers {

		String body() {
			return "body";
		}

		ResponseEntity<String> entity() {
			return ResponseEntity.ok("entity");
		}

		CompletableFuture<String> future() {
			return CompletableFuture.completedFuture("future");
		}

		Callable<String> callable() {
			return () -> "callable";
		}

		Mono<String> mono() {
			return Mono.just("mono");
		}

		Flux<String> flux() {
			return Flux.just("flux");
		}

		Publisher<String> publisher() {
			return Flux.just("publisher");
		}

	}

}
