package dev.processing.actuate;

import java.time.Instant;
import java.util.List;

import dev.processing.operation.Operation;
import dev.processing.operation.OperationProgress;
import dev.processing.operation.OperationStatus;
import dev.processing.operation.Operations;
import dev.processing.operation.StoredResponse;
import dev.processing.tomcat.InterimResponseValve;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code processing} Actuator endpoint, for operators: what the interim engine does now, and the operations in
 * the store (of every instance, newest first, without their results), one of them, and its cancellation.
 * Whoever submitted an operation shows only as whether someone did.
 *
 * @since 0.1.0
 */
@Endpoint(id = "processing")
public class ProcessingEndpoint {

	private static final int DEFAULT_SIZE = 20;

	private static final int MAX_SIZE = 200;

	private final Operations operations;

	private final @Nullable InterimResponseValve valve;

	/**
	 * Create an instance.
	 * @param operations the operations
	 * @param valve the interim engine's valve, or {@code null} if there is none
	 */
	public ProcessingEndpoint(Operations operations, @Nullable InterimResponseValve valve) {
		this.operations = operations;
		this.valve = valve;
	}

	/**
	 * Describe the interim engine and a page of the operations.
	 * @param status only operations with this status, or all
	 * @param page the page, from 0
	 * @param size operations per page, at most 200
	 * @return the description
	 */
	@ReadOperation
	public Processing processing(@Nullable OperationStatus status, @Nullable Integer page, @Nullable Integer size) {
		int pageSize = Math.min(Math.max((size != null) ? size : DEFAULT_SIZE, 1), MAX_SIZE);
		int pageNumber = Math.max((page != null) ? page : 0, 0);
		List<OperationDescriptor> operations = this.operations
			.list(status, pageNumber * pageSize, pageSize)
			.stream()
			.map(OperationDescriptor::of)
			.toList();
		InterimResponseValve valve = this.valve;
		Interim interim = (valve != null) ? new Interim(true, valve.getActiveCount(), valve.getSentCount(),
				valve.getSkippedCount(), valve.getCappedCount()) : new Interim(false, 0, 0, 0, 0);
		return new Processing(interim, new Instance(this.operations.getInstance(), this.operations.getQueuedCount(),
				this.operations.getRunningCount()), pageNumber, pageSize, operations);
	}

	/**
	 * Describe one operation.
	 * @param id its id
	 * @return the description, or {@code null} (404) if there is none with that id
	 */
	@ReadOperation
	public @Nullable OperationDescriptor operation(@Selector String id) {
		Operation operation = this.operations.get(id);
		return (operation != null) ? OperationDescriptor.of(operation) : null;
	}

	/**
	 * Cancel an operation that is not done: at once if it runs here, at its instance's next lease renewal if it runs
	 * elsewhere.
	 * @param id its id
	 * @return the operation as it is now, or {@code null} (404) if there is none with that id
	 */
	@DeleteOperation
	public @Nullable OperationDescriptor cancel(@Selector String id) {
		if (this.operations.get(id) == null) {
			return null;
		}
		Operation operation = this.operations.cancel(id);
		return (operation != null) ? OperationDescriptor.of(operation) : null;
	}

	/**
	 * The interim engine and a page of operations.
	 *
	 * @param interim the interim engine
	 * @param instance this instance
	 * @param page the page, from 0
	 * @param size operations per page
	 * @param operations the operations of the page, newest first
	 */
	public record Processing(Interim interim, Instance instance, int page, int size,
			List<OperationDescriptor> operations) {

	}

	/**
	 * What the interim engine does.
	 *
	 * @param available whether Tomcat's internals were found and {@code 102 Processing} can be sent
	 * @param held requests with interim responses running now
	 * @param sent interim responses written since start-up
	 * @param skipped interim responses skipped because their client had not taken the previous bytes
	 * @param capped requests whose interim responses the client policy cut short or refused
	 */
	public record Interim(boolean available, int held, long sent, long skipped, long capped) {

	}

	/**
	 * This instance.
	 *
	 * @param id its id among those that share the store
	 * @param queued its operations waiting for a worker
	 * @param running its operations running now
	 */
	public record Instance(String id, int queued, int running) {

	}

	/**
	 * An operation, without its result.
	 *
	 * @param id its id
	 * @param status its status
	 * @param instance the instance that runs or ran it
	 * @param owned whether an authenticated principal submitted it
	 * @param createdAt when it was accepted
	 * @param updatedAt when it last changed
	 * @param leaseExpiresAt until when its lease lasts, while it is not done
	 * @param expiresAt when it is removed, once done
	 * @param progress its last progress, or {@code null}
	 * @param cancelRequested whether its cancellation was requested
	 * @param resultStatus the status of its result, once it has one
	 * @param resultSize the size of its result's body in bytes, once it has one
	 */
	public record OperationDescriptor(String id, String status, String instance, boolean owned, Instant createdAt,
			Instant updatedAt, @Nullable Instant leaseExpiresAt, @Nullable Instant expiresAt,
			@Nullable OperationProgress progress, boolean cancelRequested, @Nullable Integer resultStatus,
			@Nullable Integer resultSize) {

		static OperationDescriptor of(Operation operation) {
			StoredResponse result = operation.result();
			return new OperationDescriptor(operation.id(), operation.status().value(), operation.instance(),
					operation.owner() != null, operation.createdAt(), operation.updatedAt(),
					operation.leaseExpiresAt(), operation.expiresAt(), operation.progress(),
					operation.cancelRequested(), (result != null) ? result.status() : null,
					(result != null) ? result.body().length : null);
		}

	}

}
