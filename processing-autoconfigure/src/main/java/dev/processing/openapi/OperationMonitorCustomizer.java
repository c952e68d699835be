package dev.processing.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

import org.springframework.http.HttpHeaders;

/**
 * Adds the status monitor of {@code 202 Accepted} operations to an OpenAPI document, which springdoc does not find by
 * itself as it is a functional route of its own: {@code GET} and {@code DELETE {base}/{id}} and
 * {@code GET {base}/{id}/result}, with the schemas of the monitor and of problems.
 * <p>
 * The monitor is added to a document that has an operation that may answer {@code 202}, as documented by
 * {@link LongRunningOperationCustomizer}; paths the document already has are kept.
 *
 * @since 0.1.0
 */
public class OperationMonitorCustomizer implements GlobalOpenApiCustomizer {

	/**
	 * The tag of the monitor's operations.
	 */
	public static final String TAG = "Long-running operations";

	private final String basePath;

	/**
	 * Create a customizer.
	 * @param basePath the path the monitors are under, such as {@code /operations}
	 */
	public OperationMonitorCustomizer(String basePath) {
		this.basePath = basePath;
	}

	@Override
	public void customise(OpenAPI openApi) {
		if (!hasLongRunningOperation(openApi)) {
			return;
		}
		Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
		openApi.setComponents(components);
		ProtocolSchemas.components().forEach((name, schema) -> {
			if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
				components.addSchemas(name, schema);
			}
		});
		String monitor = this.basePath + "/{id}";
		if (openApi.getPaths() == null || !openApi.getPaths().containsKey(monitor)) {
			openApi.path(monitor, new PathItem().get(show()).delete(delete()));
		}
		if (!openApi.getPaths().containsKey(monitor + "/result")) {
			openApi.path(monitor + "/result", new PathItem().get(result()));
		}
		if (openApi.getTags() == null || openApi.getTags().stream().noneMatch((tag) -> TAG.equals(tag.getName()))) {
			openApi.addTagsItem(new Tag().name(TAG)
				.description("The status monitors of operations that run detached from their requests."));
		}
	}

	private static boolean hasLongRunningOperation(OpenAPI openApi) {
		return openApi.getPaths() != null && openApi.getPaths()
			.values()
			.stream()
			.flatMap((path) -> path.readOperations().stream())
			.anyMatch((operation) -> operation.getExtensions() != null
					&& operation.getExtensions().containsKey(LongRunningOperationCustomizer.LONG_RUNNING_EXTENSION));
	}

	private Operation show() {
		ApiResponse monitor = ProtocolSchemas.monitorResponse("The status monitor.")
			.addHeaderObject(HttpHeaders.RETRY_AFTER,
					ProtocolSchemas.retryAfter("While not done: how many seconds to wait before polling again."));
		return operation("getOperationMonitor", "Show an operation's status monitor",
				new ApiResponses().addApiResponse("200", monitor)
					.addApiResponse("404", notFound())
					.addApiResponse("503", storeUnavailable()));
	}

	private Operation result() {
		ApiResponse replayed = new ApiResponse()
			.description("Succeeded: the method's response, replayed with its status, header fields and body. "
					+ "Failed: the status and problem that the application's exception handling gave.")
			.content(new Content().addMediaType("*/*", new MediaType().schema(new Schema<>())));
		return operation("getOperationResult", "Fetch an operation's result",
				new ApiResponses().addApiResponse("200", replayed)
					.addApiResponse("202", ProtocolSchemas.accepted("Not done yet: poll the status monitor at Location.",
							false))
					.addApiResponse("404", notFound())
					.addApiResponse("409", ProtocolSchemas.problemResponse("The operation was canceled: no result."))
					.addApiResponse("503", storeUnavailable())
					.addApiResponse("default", replayed));
	}

	private Operation delete() {
		return operation("deleteOperation", "Cancel an operation, or forget it once it is done",
				new ApiResponses()
					.addApiResponse("200", ProtocolSchemas.monitorResponse("Canceled: the status monitor, now canceled."))
					.addApiResponse("202", ProtocolSchemas.monitorResponse(
							"Another instance runs it: the cancel is carried out there soon; cancelRequested is true."))
					.addApiResponse("204", new ApiResponse().description("It was done, and is now forgotten."))
					.addApiResponse("404", notFound())
					.addApiResponse("503", storeUnavailable()));
	}

	private Operation operation(String id, String summary, ApiResponses responses) {
		PathParameter idParameter = new PathParameter();
		idParameter.name("id")
			.description("The operation's id, from the Location of its 202.")
			.schema(ProtocolSchemas.typed("string").pattern("^[A-Za-z0-9_-]{22}$"));
		return new Operation().operationId(id)
			.summary(summary)
			.addTagsItem(TAG)
			.addParametersItem(idParameter)
			.responses(responses);
	}

	private static ApiResponse notFound() {
		return ProtocolSchemas.problemResponse("No such operation: unknown, expired, or submitted by someone else.");
	}

	private static ApiResponse storeUnavailable() {
		return ProtocolSchemas.problemResponse("The operations cannot be reached now; try again later.")
			.addHeaderObject(HttpHeaders.RETRY_AFTER,
					ProtocolSchemas.retryAfter("How many seconds to wait before trying again."));
	}

}
