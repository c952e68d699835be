package dev.processing.operation;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One {@code 202 Accepted} operation as plain data, so that any {@link OperationStore} can keep it.
 * <p>
 * Times are those of the store's clock ({@link OperationStore#now()}), so that instances whose clocks differ judge
 * leases and expiry alike.
 *
 * @param id the operation's id, URL-safe
 * @param owner the name of the principal that submitted it, or {@code null} if the request was not authenticated
 * @param instance the id of the instance that accepted it and runs it
 * @param status where it is in its life
 * @param createdAt when it was accepted
 * @param updatedAt when it last changed
 * @param leaseExpiresAt until when its instance is known to be alive, set while it is not done
 * @param expiresAt when it is removed, set once it is done
 * @param progress the latest progress it reported, or {@code null}
 * @param result the response it ended with, set once it has succeeded or failed
 * @param cancelRequested whether a client asked for it to be canceled, on any instance
 * @param idempotencyKey the key of the request that submitted it, or {@code null}
 * @since 0.1.0
 */
public record Operation(String id, @Nullable String owner, String instance, OperationStatus status,
		Instant createdAt, Instant updatedAt, @Nullable Instant leaseExpiresAt, @Nullable Instant expiresAt,
		@Nullable OperationProgress progress, @Nullable StoredResponse result, boolean cancelRequested,
		@Nullable IdempotencyKey idempotencyKey) {

	/**
	 * Create a queued operation.
	 * @param id the operation's id
	 * @param owner the name of the submitting principal, or {@code null}
	 * @param instance the id of the instance that accepts it
	 * @param now the store's current time
	 * @param lease how long its lease lasts before it is renewed
	 * @param idempotencyKey the key of the submitting request, or {@code null}
	 * @return the operation
	 */
	public static Operation queued(String id, @Nullable String owner, String instance, Instant now, Duration lease,
			@Nullable IdempotencyKey idempotencyKey) {
		return new Operation(id, owner, instance, OperationStatus.QUEUED, now, now, now.plus(lease), null, null, null,
				false, idempotencyKey);
	}

	/**
	 * Whether the operation has finished.
	 * @return whether its status is a final one
	 */
	public boolean isDone() {
		return this.status.isDone();
	}

	/**
	 * Whether the operation has expired at the given time.
	 * @param now the store's current time
	 * @return whether it is past its expiry
	 */
	public boolean isExpired(Instant now) {
		return this.expiresAt != null && !now.isBefore(this.expiresAt);
	}

	/**
	 * Whether the operation is not done and its instance has not renewed its lease in time.
	 * @param now the store's current time
	 * @return whether its lease has run out
	 */
	public boolean isLeaseExpired(Instant now) {
		return !isDone() && this.leaseExpiresAt != null && !now.isBefore(this.leaseExpiresAt);
	}

	Operation running(Instant now) {
		return new Operation(this.id, this.owner, this.instance, OperationStatus.RUNNING, this.createdAt, now,
				this.leaseExpiresAt, null, this.progress, null, this.cancelRequested, this.idempotencyKey);
	}

	Operation withProgress(OperationProgress progress, Instant now) {
		return new Operation(this.id, this.owner, this.instance, this.status, this.createdAt, now,
				this.leaseExpiresAt, this.expiresAt, progress, this.result, this.cancelRequested, this.idempotencyKey);
	}

	Operation withLease(Instant leaseExpiresAt) {
		return new Operation(this.id, this.owner, this.instance, this.status, this.createdAt, this.updatedAt,
				leaseExpiresAt, this.expiresAt, this.progress, this.result, this.cancelRequested, this.idempotencyKey);
	}

	Operation withCancelRequested(Instant now) {
		return new Operation(this.id, this.owner, this.instance, this.status, this.createdAt, now,
				this.leaseExpiresAt, this.expiresAt, this.progress, this.result, true, this.idempotencyKey);
	}

	Operation finished(OperationStatus status, @Nullable StoredResponse result, Instant now, Duration retention) {
		// Work that succeeded is all done, whatever it last reported; work that did not shows where it stopped.
		OperationProgress progress = (status == OperationStatus.SUCCEEDED && this.progress != null)
				? new OperationProgress(100, null) : this.progress;
		return new Operation(this.id, this.owner, this.instance, status, this.createdAt, now, null,
				now.plus(retention), progress, result, this.cancelRequested, this.idempotencyKey);
	}

}
