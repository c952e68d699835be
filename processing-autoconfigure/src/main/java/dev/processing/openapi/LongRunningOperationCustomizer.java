package dev.processing.openapi;

import java.util.List;
import java.util.Map;

import dev.processing.ProcessingMode;
import dev.processing.web.LongRunningHandlers;
import dev.processing.web.LongRunningSettings;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.GlobalOperationCustomizer;

import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents what a {@link dev.processing.LongRunning @LongRunning} handler method may answer besides its own
 * response: the {@code Prefer} and {@code Idempotency-Key} request header fields, the {@code 202 Accepted} with its
 * status monitor, and the {@code 503} when there is no room for another operation.
 * <p>
 * Operations that may answer {@code 202} also carry {@code x-ms-long-running-operation}, so that client generators
 * that know it poll the monitor at {@code Location}. Whatever the application documents itself, a response of the
 * same status or a parameter of the same name, is kept.
 *
 * @since 0.1.0
 */
public class LongRunningOperationCustomizer implements GlobalOperationCustomizer {

	/**
	 * The extension that tells client generators an operation is long-running.
	 */
	public static final String LONG_RUNNING_EXTENSION = "x-ms-long-running-operation";

	/**
	 * The extension that tells client generators where the final result is.
	 */
	public static final String LONG_RUNNING_OPTIONS_EXTENSION = "x-ms-long-running-operation-options";

	private final LongRunningHandlers handlers;

	private final boolean honorPrefer;

	/**
	 * Create a customizer.
	 * @param handlers tells which handler methods are long-running, in which mode
	 * @param honorPrefer whether {@code Prefer: respond-async} and {@code wait} are honored
	 */
	public LongRunningOperationCustomizer(LongRunningHandlers handlers, boolean honorPrefer) {
		this.handlers = handlers;
		this.honorPrefer = honorPrefer;
	}

	@Override
	public Operation customize(Operation operation, HandlerMethod handlerMethod) {
		LongRunningSettings settings = this.handlers.find(handlerMethod);
		if (settings == null) {
			return operation;
		}
		boolean accepted = settings.detachable() && settings.mode() == ProcessingMode.ACCEPTED;
		boolean mayAccept = accepted || (settings.detachable() && this.honorPrefer);
		addParameter(operation, prefer(accepted, mayAccept));
		if (settings.detachable()) {
			addParameter(operation, idempotencyKey());
		}
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		if (mayAccept) {
			responses.putIfAbsent("202", ProtocolSchemas.accepted(accepted
					? "Accepted: the work runs detached; poll the status monitor at Location, as Retry-After says."
					: "Accepted, when the request asked for it with Prefer: respond-async: the work runs detached; "
							+ "poll the status monitor at Location, as Retry-After says.",
					this.honorPrefer));
			operation.addExtension(LONG_RUNNING_EXTENSION, true);
			operation.addExtension(LONG_RUNNING_OPTIONS_EXTENSION, Map.of("final-state-via", "location"));
		}
		if (settings.detachable()) {
			responses.putIfAbsent("409", ProtocolSchemas.problemResponse(
					"A request with the same Idempotency-Key is still being admitted; repeat this one later."));
			responses.putIfAbsent("422", ProtocolSchemas
				.problemResponse("The Idempotency-Key was sent before with a different request."));
			responses.putIfAbsent("503", ProtocolSchemas.unavailable());
		}
		if (accepted) {
			describeResultResponse(responses);
		}
		operation.setDescription(join(operation.getDescription(), describe(settings, accepted, mayAccept)));
		return operation;
	}

	private String describe(LongRunningSettings settings, boolean accepted, boolean mayAccept) {
		if (accepted) {
			return "Long-running: answers 202 Accepted with a status monitor to poll"
					+ (this.honorPrefer ? ", or the result itself if it is ready within Prefer: wait." : ".");
		}
		return "Long-running: sends 102 Processing interim responses while it works"
				+ (mayAccept ? "; answers 202 Accepted with a status monitor to poll on Prefer: respond-async." : ".");
	}

	/**
	 * In 202 mode the method's own success answers only a request that waited for it, and the result endpoint.
	 */
	private void describeResultResponse(ApiResponses responses) {
		responses.forEach((status, response) -> {
			if (status.startsWith("2") && !status.equals("202") && response.get$ref() == null) {
				response.setDescription(join(response.getDescription(), this.honorPrefer
						? "Sent when the request waited with Prefer: wait and the result was ready in time; "
								+ "otherwise it is at the status monitor's resultLocation."
						: "It is at the status monitor's resultLocation."));
			}
		});
	}

	private Parameter prefer(boolean accepted, boolean mayAccept) {
		String description;
		if (!this.honorPrefer) {
			description = "processing asks for 102 Processing interim responses.";
		}
		else if (accepted) {
			description = "wait=N asks the server to wait up to N seconds for the result before it answers 202; "
					+ "processing asks for 102 Processing interim responses while it waits.";
		}
		else if (mayAccept) {
			description = "respond-async asks for 202 Accepted and a status monitor; with it, wait=N asks the server "
					+ "to wait up to N seconds for the result first; processing asks for 102 Processing interim "
					+ "responses.";
		}
		else {
			description = "processing asks for 102 Processing interim responses.";
		}
		return new HeaderParameter().name("Prefer")
			.description("Preferences (RFC 7240): " + description)
			.required(false)
			.schema(ProtocolSchemas.typed("string"))
			.example(mayAccept ? "respond-async, wait=10" : "processing");
	}

	private Parameter idempotencyKey() {
		return new HeaderParameter().name("Idempotency-Key")
			.description("A key for this request: a repeat with the same key and the same request gets the same "
					+ "operation instead of running the work again.")
			.required(false)
			// 255 characters, and the quotes of a structured-field string.
			.schema(ProtocolSchemas.typed("string").minLength(1).maxLength(257))
			.example("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"");
	}

	private static void addParameter(Operation operation, Parameter parameter) {
		List<Parameter> parameters = operation.getParameters();
		if (parameters != null && parameters.stream()
			.anyMatch((existing) -> "header".equals(existing.getIn())
					&& parameter.getName().equalsIgnoreCase(existing.getName()))) {
			return;
		}
		operation.addParametersItem(parameter);
	}

	private static String join(@Nullable String first, String second) {
		return StringUtils.hasText(first) ? first + "\n\n" + second : second;
	}

}
