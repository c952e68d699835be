package dev.processing.web;

import java.time.Duration;

import dev.processing.ProcessingMode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Decides how a request to a {@link dev.processing.LongRunning @LongRunning} handler keeps its client informed, and
 * starts its interim responses.
 * <p>
 * The most specific choice wins: a {@code Prefer: respond-async} from the client (if honored), then the handler's
 * mode. A request that goes {@code 202 Accepted} gets interim responses only while it waits for its result because
 * it asked for {@code Prefer: wait}; how many interim responses a request may get is the {@link InterimPolicy}'s
 * decision. Requests for other handlers pay one lookup; async and error dispatches are left
 * alone, as the decision and the interim responses of the original request carry on through them.
 *
 * @since 0.1.0
 */
public class LongRunningInterceptor implements HandlerInterceptor {

	private final LongRunningHandlers handlers;

	private final InterimResponses interimResponses;

	private final InterimPolicy interimPolicy;

	private final boolean honorPrefer;

	private final Duration maxWait;

	private final boolean progressFields;

	/**
	 * Create an interceptor.
	 * @param handlers the settings of the handlers
	 * @param interimResponses starts interim responses
	 * @param interimPolicy decides how many interim responses a request may get
	 * @param honorPrefer whether the {@code Prefer} header of a request is honored
	 * @param maxWait the longest {@code Prefer: wait} honored
	 * @param progressFields whether interim responses carry progress as header fields
	 */
	public LongRunningInterceptor(LongRunningHandlers handlers, InterimResponses interimResponses,
			InterimPolicy interimPolicy, boolean honorPrefer, Duration maxWait, boolean progressFields) {
		this.handlers = handlers;
		this.interimResponses = interimResponses;
		this.interimPolicy = interimPolicy;
		this.honorPrefer = honorPrefer;
		this.maxWait = maxWait;
		this.progressFields = progressFields;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod handlerMethod) || request.getDispatcherType() != DispatcherType.REQUEST) {
			return true;
		}
		LongRunningSettings settings = this.handlers.find(handlerMethod);
		if (settings == null) {
			return true;
		}
		Preferences preferences = Preferences.parse(request.getHeaders("Prefer"));
		// Prefer: processing is honored whether the other preferences are or not.
		response.addHeader(HttpHeaders.VARY, "Prefer");
		boolean accepted = settings.detachable() && (settings.mode() == ProcessingMode.ACCEPTED
				|| (this.honorPrefer && preferences.respondAsync()));
		// With an idempotency key, interim-mode work runs as an operation too, so that a client whose connection
		// dropped attaches to it again with the same key instead of starting it twice.
		boolean untilDone = !accepted && settings.detachable() && IdempotencyKeys.isPresent(request);
		Duration wait = untilDone ? LongRunningRequest.UNTIL_DONE
				: (accepted && this.honorPrefer && preferences.waitTime() != null)
						? min(preferences.waitTime(), this.maxWait) : Duration.ZERO;
		ProgressReporter progress = new ProgressReporter(this.progressFields);
		new LongRunningRequest(accepted || untilDone, wait, accepted && this.honorPrefer && preferences.respondAsync(),
				progress, untilDone)
			.bindTo(request);
		if (!accepted || !wait.isZero()) {
			InterimAllowance allowance = this.interimPolicy.allowance(request, preferences.processing());
			boolean started = this.interimResponses.start(settings.initialDelay(), settings.interval(),
					allowance.maxCount(), progress::interimFields);
			if (started && allowance.processingPreferred()) {
				response.addHeader("Preference-Applied", "processing");
			}
		}
		return true;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
