package dev.processing.operation.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.processing.operation.StoreServers;

/**
 * The store contract on PostgreSQL.
 */
class PostgreSqlJdbcOperationStoreContractTests extends JdbcOperationStoreContractTests {

	@Override
	HikariDataSource dataSource() {
		StoreServers.assumePostgreSql();
		return dataSource(StoreServers.POSTGRESQL_URL, StoreServers.POSTGRESQL_USER);
	}

}
