package dev.processing.operation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.context.SecurityContextImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OperationTaskDecorators}: the submitting thread's security context reaches the worker, set once.
 */
class OperationTaskDecoratorsTests {

	private final SecurityContextHolderStrategy original = SecurityContextHolder.getContextHolderStrategy();

	@AfterEach
	void restoreStrategy() {
		SecurityContextHolder.setContextHolderStrategy(this.original);
	}

	@Test
	void securityContextIsCarriedToTheWorkerOnce() throws Exception {
		CountingStrategy counting = new CountingStrategy(this.original);
		SecurityContextHolder.setContextHolderStrategy(counting);
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", "a"));
		AtomicReference<String> seen = new AtomicReference<>();
		AtomicInteger setsBeforeRun = new AtomicInteger();
		Runnable task = OperationTaskDecorators.available().decorate(() -> {
			setsBeforeRun.set(counting.sets.get());
			seen.set(SecurityContextHolder.getContext().getAuthentication().getName());
		});
		counting.sets.set(0);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			executor.submit(task).get(5, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
			SecurityContextHolder.clearContext();
		}
		assertThat(seen).hasValue("alice");
		assertThat(setsBeforeRun).hasValue(1);
	}

	private static final class CountingStrategy implements SecurityContextHolderStrategy {

		private final SecurityContextHolderStrategy delegate;

		private final AtomicInteger sets = new AtomicInteger();

		CountingStrategy(SecurityContextHolderStrategy delegate) {
			this.delegate = delegate;
		}

		@Override
		public void clearContext() {
			this.delegate.clearContext();
		}

		@Override
		public SecurityContext getContext() {
			return this.delegate.getContext();
		}

		@Override
		public void setContext(SecurityContext context) {
			this.sets.incrementAndGet();
			this.delegate.setContext(context);
		}

		@Override
		public SecurityContext createEmptyContext() {
			return new SecurityContextImpl();
		}

	}

}
