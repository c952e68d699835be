/**
 * The operation store in Redis: a hash per operation, sorted sets that index them, and times on the server's clock.
 */
@NullMarked
package dev.processing.operation.redis;

import org.jspecify.annotations.NullMarked;
