package dev.processing.operation.support;

import java.util.Map;

import dev.processing.operation.OperationStore;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The kinds of the stores the starter ships, as {@code processing.accepted.store.type} names them, for logs, meters
 * and health: told by class name, so that naming one needs neither JDBC nor Redis on the class path.
 *
 * @since 0.1.0
 */
public final class StoreTypes {

	private static final Map<String, String> TYPES = Map.of("dev.processing.operation.InMemoryOperationStore",
			"memory", "dev.processing.operation.jdbc.JdbcOperationStore", "jdbc",
			"dev.processing.operation.redis.RedisOperationStore", "redis");

	private StoreTypes() {
	}

	/**
	 * Return the kind of a store.
	 * @param store the store
	 * @return {@code memory}, {@code jdbc} or {@code redis}, or {@code null} for a store of the application's own
	 */
	public static @Nullable String of(OperationStore store) {
		return TYPES.get(ClassUtils.getUserClass(store).getName());
	}

}
