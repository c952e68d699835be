package dev.processing.operation.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The store contract on H2, in memory.
 */
class H2JdbcOperationStoreContractTests extends JdbcOperationStoreContractTests {

	@Override
	HikariDataSource dataSource() {
		return dataSource("jdbc:h2:mem:contract;DB_CLOSE_DELAY=-1", "sa");
	}

}
