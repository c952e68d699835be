package dev.processing.wire;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.processing.LongRunning;
import dev.processing.ProcessingMode;
import dev.processing.Progress;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.annotation.RequestScope;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * An application whose {@code @LongRunning} handlers answer {@code 202 Accepted}, with handlers for each kind of
 * result and failure, synchronous twins of some of them under {@code /sync}, Spring Security with two users for
 * {@code /owned/**}, a filter that puts the {@code X-Trace} request header into the MDC, and a request-scoped
 * {@link Visit} that an interceptor and a handler both use.
 * <p>
 * A handler that fails takes an optional {@code hold} parameter: it then waits for that hold before it fails, so that
 * it fails after its submitting request has been answered.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RawResponseHandler.class)
class AcceptedTestApplication {

	/**
	 * Keys of the detached handlers that saw an interrupt.
	 */
	static final Set<String> interrupted = ConcurrentHashMap.newKeySet();

	/**
	 * How many times the work of {@code /jobs/once/{key}} and {@code /interim/once/{key}} ran, by key.
	 */
	static final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

	/**
	 * What detached handlers saw of their context, by key.
	 */
	static final Map<String, String> seen = new ConcurrentHashMap<>();

	/**
	 * The ids of the visits that the submitting requests of {@code /visits/{key}} saw, by key.
	 */
	static final Map<String, String> submittingVisits = new ConcurrentHashMap<>();

	/**
	 * The ids of the visits that the detached work of {@code /visits/{key}} saw, by key.
	 */
	static final Map<String, String> workingVisits = new ConcurrentHashMap<>();

	/**
	 * The ids of the visits that have ended.
	 */
	static final Set<String> endedVisits = ConcurrentHashMap.newKeySet();

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.requestMatchers("/owned/**")
			.authenticated()
			.anyRequest()
			.permitAll()).httpBasic(Customizer.withDefaults()).csrf((csrf) -> csrf.disable()).build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}a").roles("USER").build(),
				User.withUsername("bob").password("{noop}b").roles("USER").build());
	}

	@Bean
	OncePerRequestFilter traceFilter() {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				String trace = request.getHeader("X-Trace");
				if (trace == null) {
					chain.doFilter(request, response);
					return;
				}
				MDC.put("trace", trace);
				try {
					chain.doFilter(request, response);
				}
				finally {
					MDC.remove("trace");
				}
			}

		};
	}

	@Bean
	@RequestScope
	Visit visit() {
		return new Visit();
	}

	/**
	 * Resolves {@link AdmissionHold} arguments by holding on the request's {@code hold} parameter the first time, so
	 * that a test knows a request is being admitted.
	 */
	@Bean
	WebMvcConfigurer admissionHoldResolver() {
		Set<String> held = ConcurrentHashMap.newKeySet();
		return new WebMvcConfigurer() {

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new HandlerMethodArgumentResolver() {

					@Override
					public boolean supportsParameter(MethodParameter parameter) {
						return parameter.getParameterType() == AdmissionHold.class;
					}

					@Override
					public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
							NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
						String hold = webRequest.getParameter("hold");
						// Only the first request of a hold holds.
						if (held.add(hold)) {
							Holds.await(hold);
						}
						return new AdmissionHold();
					}

				});
			}

		};
	}

	@Bean
	WebMvcConfigurer visitInterceptor(Visit visit) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new HandlerInterceptor() {

					@Override
					public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
							Object handler) {
						String path = request.getRequestURI();
						submittingVisits.put(path.substring(path.lastIndexOf('/') + 1), visit.id());
						return true;
					}

				}).addPathPatterns("/visits/*");
			}

		};
	}

	/**
	 * An argument whose resolution holds until the test releases it.
	 */
	record AdmissionHold() {

	}

	/**
	 * The response of {@code /jobs/entity} and its synchronous twin.
	 */
	static ResponseEntity<Report> created() {
		return ResponseEntity.status(HttpStatus.CREATED)
			.header("X-Job", "entity")
			.header("Location", "/reports/7")
			.body(new Report("entity", 7));
	}

	/**
	 * The current locale's language tag, or "unresolvable" if it cannot be resolved, so that a test can tell which
	 * part of the context is missing.
	 */
	static String locale() {
		try {
			return LocaleContextHolder.getLocale().toLanguageTag();
		}
		catch (IllegalStateException ex) {
			return "unresolvable";
		}
	}

	/**
	 * Wait for the given hold, if there is one.
	 */
	static void holdIfAsked(String hold) {
		if (hold != null) {
			Holds.await(hold);
		}
	}

	record ReportRequest(@NotBlank String name, String key) {
	}

	record Report(String name, int rows) {
	}

	/**
	 * A request-scoped bean with an id of its own, which records its end.
	 */
	static class Visit {

		private final String id = UUID.randomUUID().toString();

		String id() {
			return this.id;
		}

		@PreDestroy
		void end() {
			endedVisits.add(this.id);
		}

	}

	@RestController
	static class JobController {

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@PostMapping("/jobs/report")
		Report report(@Valid @RequestBody ReportRequest request, Progress progress) {
			progress.update(40, "Loading rows");
			if (request.key() != null) {
				Holds.await(request.key());
			}
			return new Report(request.name(), 42);
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping(path = "/jobs/text/{key}", produces = { "text/plain", "application/json" })
		String text(@PathVariable String key) {
			Holds.await(key);
			return "text " + key;
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@PostMapping("/jobs/once/{key}")
		String once(@PathVariable String key, @RequestBody String body) {
			runs.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			return "ran " + body;
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@PostMapping("/jobs/admitted/{key}")
		String admitted(@PathVariable String key, AdmissionHold hold) {
			runs.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			return "admitted";
		}

		@LongRunning
		@GetMapping("/interim/once/{key}")
		String interimOnce(@PathVariable String key) {
			runs.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			Holds.await(key);
			return "ran once " + key;
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/jobs/quick")
		String quick() {
			return "quick";
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/jobs/entity")
		ResponseEntity<Report> entity() {
			return created();
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@ResponseStatus(HttpStatus.NO_CONTENT)
		@DeleteMapping("/jobs/purge")
		void purge() {
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/jobs/conflict")
		String conflict(@RequestParam(required = false) String hold) {
			holdIfAsked(hold);
			throw new ResponseStatusException(HttpStatus.CONFLICT, "Already running");
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/jobs/teapot")
		String teapot(@RequestParam(required = false) String hold) {
			holdIfAsked(hold);
			throw new TeapotException();
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/jobs/advised")
		String advised(@RequestParam(required = false) String hold) {
			holdIfAsked(hold);
			throw new JobRejectedException("quota");
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/jobs/unavailable")
		String unavailable(@RequestParam(required = false) String hold) {
			holdIfAsked(hold);
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "db password wrong");
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping(path = "/jobs/export", produces = "text/csv")
		String export(@RequestParam(required = false) String hold) {
			holdIfAsked(hold);
			throw new JobRejectedException("export quota");
		}

		// Spring MVC validates the return value; @NotBlank also fails a null, such as none returned yet.
		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/jobs/code")
		@NotBlank
		@Size(max = 5)
		String code(@RequestParam String value) {
			return value;
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/jobs/boom")
		String boom(@RequestParam(required = false) String hold) {
			holdIfAsked(hold);
			throw new IllegalStateException("secret detail");
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/jobs/interrupted")
		String interruptedWork(@RequestParam(required = false) String hold) {
			holdIfAsked(hold);
			// As a library does that catches an interrupt: it restores the flag and throws an exception of its own.
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted");
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/jobs/big")
		String big(@RequestParam int size) {
			return "x".repeat(size);
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/jobs/cancelable/{key}")
		String cancelable(@PathVariable String key) {
			Holds.enter(key);
			try {
				Thread.sleep(10_000);
			}
			catch (InterruptedException ex) {
				interrupted.add(key);
				Thread.currentThread().interrupt();
				return "interrupted";
			}
			return "slept";
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/jobs/context/{key}")
		String context(@PathVariable String key, @RequestParam(defaultValue = "false") boolean hold) {
			if (hold) {
				Holds.await(key);
			}
			var authentication = SecurityContextHolder.getContext().getAuthentication();
			seen.put(key, ((authentication != null) ? authentication.getName() : "none") + " "
					+ locale() + " " + MDC.get("trace") + " " + Thread.currentThread().getName());
			return "context";
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/owned/jobs/{key}")
		String owned(@PathVariable String key) {
			Holds.await(key);
			return "owned " + key;
		}

		@LongRunning
		@GetMapping("/flex/{key}")
		String flex(@PathVariable String key, Progress progress) {
			progress.update(25, "Zählen der Zeilen\r\nX-Injected: 1");
			Holds.await(key);
			return "flex " + key;
		}

		@LongRunning
		@GetMapping("/flex-quick")
		String flexQuick() {
			return "flex quick";
		}

		@GetMapping("/plain")
		String plain() {
			return "plain";
		}

	}

	/**
	 * The synchronous twins of some long-running handlers, to compare a replayed result with.
	 */
	@RestController
	static class SynchronousController {

		@GetMapping(path = "/sync/text/{key}", produces = { "text/plain", "application/json" })
		String text(@PathVariable String key) {
			return "text " + key;
		}

		@GetMapping("/sync/entity")
		ResponseEntity<Report> entity() {
			return created();
		}

		@ResponseStatus(HttpStatus.NO_CONTENT)
		@DeleteMapping("/sync/purge")
		void purge() {
		}

		@GetMapping("/sync/advised")
		String advised() {
			throw new JobRejectedException("quota");
		}

		@GetMapping(path = "/sync/export", produces = "text/csv")
		String export() {
			throw new JobRejectedException("export quota");
		}

	}

	/**
	 * A long-running handler that uses the request-scoped {@link Visit}, which the interceptor has used before it.
	 */
	@RestController
	static class VisitController {

		private final Visit visit;

		VisitController(Visit visit) {
			this.visit = visit;
		}

		@LongRunning(mode = ProcessingMode.ACCEPTED)
		@GetMapping("/visits/{key}")
		String visit(@PathVariable String key) {
			workingVisits.put(key, this.visit.id());
			Holds.await(key);
			return this.visit.id();
		}

	}

	@ResponseStatus(code = HttpStatus.I_AM_A_TEAPOT, reason = "Short and stout")
	static class TeapotException extends RuntimeException {

	}

	static class JobRejectedException extends RuntimeException {

		JobRejectedException(String reason) {
			super(reason);
		}

	}

	@RestControllerAdvice
	static class JobAdvice {

		@ExceptionHandler
		ResponseEntity<ProblemDetail> rejected(JobRejectedException ex) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
					"Rejected: " + ex.getMessage());
			problem.setProperty("reason", ex.getMessage());
			return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).header("X-Advice", "yes").body(problem);
		}

	}

}
