package dev.processing.wire;

import java.util.List;
import java.util.UUID;

import dev.processing.operation.StoreServers;
import org.junit.jupiter.api.Nested;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two instances that share the JDBC store, on each database.
 */
class JdbcSharedStoreWireTests {

	private static final String TABLE = "PROCESSING_OPERATIONS_WIRE";

	abstract static class OnDatabase extends SharedStoreWireTests {

		abstract String url();

		abstract String user();

		@Override
		List<String> storeProperties() {
			return List.of("processing.accepted.store.type=jdbc", "processing.accepted.store.jdbc.table-name=" + TABLE,
					"processing.accepted.store.jdbc.initialize-schema=always", "spring.datasource.url=" + url(),
					"spring.datasource.username=" + user());
		}

		@Override
		void cleanStore() {
			JdbcClient.create(new DriverManagerDataSource(url(), user(), ""))
				.sql("DROP TABLE IF EXISTS " + TABLE)
				.update();
		}

	}

	@Nested
	class OnH2 extends OnDatabase {

		private final String url = "jdbc:h2:mem:wire-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

		@Override
		void prepareStore() {
		}

		@Override
		String url() {
			return this.url;
		}

		@Override
		String user() {
			return "sa";
		}

	}

	@Nested
	class OnPostgreSql extends OnDatabase {

		@Override
		void prepareStore() {
			StoreServers.assumePostgreSql();
			cleanStore();
		}

		@Override
		String url() {
			return StoreServers.POSTGRESQL_URL;
		}

		@Override
		String user() {
			return StoreServers.POSTGRESQL_USER;
		}

	}

	@Nested
	class OnMariaDb extends OnDatabase {

		@Override
		void prepareStore() {
			StoreServers.assumeMariaDb();
			cleanStore();
		}

		@Override
		String url() {
			return StoreServers.MARIADB_URL;
		}

		@Override
		String user() {
			return StoreServers.MARIADB_USER;
		}

	}

}
