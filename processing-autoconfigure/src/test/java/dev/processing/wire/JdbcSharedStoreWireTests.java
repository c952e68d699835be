package dev.processing.wire;

import java.util.List;

import dev.processing.operation.StoreServers;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two instances that share the JDBC store, on PostgreSQL; the store contract covers the other databases.
 */
class JdbcSharedStoreWireTests extends SharedStoreWireTests {

	private static final String TABLE = "PROCESSING_OPERATIONS_WIRE";

	@Override
	void prepareStore() {
		StoreServers.assumePostgreSql();
		cleanStore();
	}

	@Override
	List<String> storeProperties() {
		return List.of("processing.accepted.store.type=jdbc", "processing.accepted.store.jdbc.table-name=" + TABLE,
				"processing.accepted.store.jdbc.initialize-schema=always",
				"spring.datasource.url=" + StoreServers.POSTGRESQL_URL,
				"spring.datasource.username=" + StoreServers.POSTGRESQL_USER);
	}

	@Override
	void cleanStore() {
		JdbcClient.create(new DriverManagerDataSource(StoreServers.POSTGRESQL_URL, StoreServers.POSTGRESQL_USER, ""))
			.sql("DROP TABLE IF EXISTS " + TABLE)
			.update();
	}

}
