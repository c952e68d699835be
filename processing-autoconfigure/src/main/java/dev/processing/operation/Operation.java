package dev.processing.operation;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One {@code 202 Accepted} operation as plain data, so that any {@link OperationStore} can keep it.
 *
 * @param id the operation's id, URL-safe
 * @param owner the name of the principal that submitted it, or {@code null} if the request was not authenticated
 * @param status where it is in its life
 * @param createdAt when it was accepted
 * @param updatedAt when it last changed
 * @param expiresAt when it is removed, set once it is done
 * @param progress the latest progress it reported, or {@code null}
 * @param result the response it ended with, set once it has succeeded or failed
 * @since 0.1.0
 */
public record Operation(String id, @Nullable String owner, OperationStatus status, Instant createdAt,
		Instant updatedAt, @Nullable Instant expiresAt, @Nullable OperationProgress progress,
		@Nullable StoredResponse result) {

	/**
	 * Create a queued operation.
	 * @param id the operation's id
	 * @param owner the name of the submitting principal, or {@code null}
	 * @param now the current time
	 * @return the operation
	 */
	public static Operation queued(String id, @Nullable String owner, Instant now) {
		return new Operation(id, owner, OperationStatus.QUEUED, now, now, null, null, null);
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
	 * @param now the current time
	 * @return whether it is past its expiry
	 */
	public boolean isExpired(Instant now) {
		return this.expiresAt != null && !now.isBefore(this.expiresAt);
	}

	Operation running(Instant now) {
		return new Operation(this.id, this.owner, OperationStatus.RUNNING, this.createdAt, now, null, this.progress,
				null);
	}

	Operation withProgress(OperationProgress progress, Instant now) {
		return new Operation(this.id, this.owner, this.status, this.createdAt, now, this.expiresAt, progress,
				this.result);
	}

	Operation finished(OperationStatus status, @Nullable StoredResponse result, Instant now, Instant expiresAt) {
		return new Operation(this.id, this.owner, status, this.createdAt, now, expiresAt, this.progress, result);
	}

}
