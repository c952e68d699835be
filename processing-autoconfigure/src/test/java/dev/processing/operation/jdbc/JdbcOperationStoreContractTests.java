package dev.processing.operation.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.processing.autoconfigure.JdbcOperationStoreProperties;
import dev.processing.autoconfigure.JdbcOperationStoreSchemaInitializer;
import dev.processing.operation.OperationStore;
import dev.processing.operation.OperationStoreContractTests;

import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The store contract, kept by {@link JdbcOperationStore} on a real database, in a table of its own that each test
 * creates afresh from the schema the jar ships, renamed by the schema initializer.
 */
abstract class JdbcOperationStoreContractTests extends OperationStoreContractTests {

	static final String TABLE = "PROCESSING_OPERATIONS_CONTRACT";

	private HikariDataSource dataSource;

	/**
	 * Make the data source of the database under test, or skip the test if its server cannot be reached.
	 */
	abstract HikariDataSource dataSource();

	@Override
	protected OperationStore createStore(int capacity) {
		this.dataSource = dataSource();
		runScript("drop");
		runScript("schema");
		return new JdbcOperationStore(this.dataSource, capacity, TABLE);
	}

	@Override
	protected void destroyStore() {
		if (this.dataSource != null) {
			runScript("drop");
			this.dataSource.close();
		}
	}

	private void runScript(String name) {
		JdbcOperationStoreProperties properties = new JdbcOperationStoreProperties();
		properties.setTableName(TABLE);
		properties.setInitializeSchema(DatabaseInitializationMode.ALWAYS);
		properties.setSchema("classpath:dev/processing/operation/jdbc/" + name + "-@@platform@@.sql");
		JdbcOperationStoreSchemaInitializer initializer = new JdbcOperationStoreSchemaInitializer(this.dataSource,
				properties);
		initializer.setResourceLoader(new DefaultResourceLoader());
		initializer.initializeDatabase();
	}

	static HikariDataSource dataSource(String url, String user) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername(user);
		dataSource.setMaximumPoolSize(4);
		return dataSource;
	}

}
