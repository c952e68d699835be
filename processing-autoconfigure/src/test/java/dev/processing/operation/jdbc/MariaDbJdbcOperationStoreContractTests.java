package dev.processing.operation.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.processing.operation.StoreServers;

/**
 * The store contract on MariaDB, with the schema for MariaDB and MySQL.
 */
class MariaDbJdbcOperationStoreContractTests extends JdbcOperationStoreContractTests {

	@Override
	HikariDataSource dataSource() {
		StoreServers.assumeMariaDb();
		return dataSource(StoreServers.MARIADB_URL, StoreServers.MARIADB_USER);
	}

}
