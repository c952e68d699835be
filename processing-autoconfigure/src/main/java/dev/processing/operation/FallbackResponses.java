package dev.processing.operation;

/**
 * The responses an operation ends with when its work cannot say how it ended.
 *
 * @param failed the result of work that failed in a way nothing else describes
 * @param instanceStopped the result of work whose instance stopped before it finished
 * @since 0.1.0
 */
public record FallbackResponses(StoredResponse failed, StoredResponse instanceStopped) {

}
