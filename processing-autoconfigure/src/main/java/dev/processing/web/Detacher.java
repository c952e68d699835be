package dev.processing.web;

import java.util.List;
import java.util.Set;

import dev.processing.accepted.OperationResponses;
import dev.processing.operation.Operations;

import org.springframework.context.MessageSource;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * What a {@link DetachedHandlerMethod} needs to run as an operation.
 *
 * @param operations runs and keeps the operations
 * @param responses writes the responses of the protocol
 * @param exceptionResolver the application's exception resolvers, in order
 * @param maxResultSize the largest result kept, in bytes
 * @param messageSource resolves the messages of problem details
 * @param admitting the scoped idempotency keys of the requests this instance is admitting now
 * @param messageConverters the application's message converters, to tell whether a result can be written as the
 * client accepts before the work runs
 */
record Detacher(Operations operations, OperationResponses responses,
		HandlerExceptionResolver exceptionResolver, long maxResultSize, MessageSource messageSource,
		Set<String> admitting, List<HttpMessageConverter<?>> messageConverters) {

}
