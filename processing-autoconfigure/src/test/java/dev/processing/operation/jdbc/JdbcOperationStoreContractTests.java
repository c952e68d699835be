package dev.processing.operation.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.zaxxer.hikari.HikariDataSource;
import dev.processing.operation.OperationStore;
import dev.processing.operation.OperationStoreContractTests;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The store contract, kept by {@link JdbcOperationStore} on a real database, in a table of its own that each test
 * creates afresh from the schema the jar ships.
 */
abstract class JdbcOperationStoreContractTests extends OperationStoreContractTests {

	static final String TABLE = "PROCESSING_OPERATIONS_CONTRACT";

	private HikariDataSource dataSource;

	/**
	 * Make the data source of the database under test, or skip the test if its server cannot be reached.
	 */
	abstract HikariDataSource dataSource();

	/**
	 * The platform of the schema scripts: {@code postgresql}, {@code mysql} or {@code h2}.
	 */
	abstract String platform();

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
		String script;
		try {
			script = new ClassPathResource("dev/processing/operation/jdbc/" + name + "-" + platform() + ".sql")
				.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		new ResourceDatabasePopulator(new ByteArrayResource(script
			.replace(JdbcOperationStore.DEFAULT_TABLE_NAME, TABLE)
			.getBytes(StandardCharsets.UTF_8))).execute(this.dataSource);
	}

	static HikariDataSource dataSource(String url, String user) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername(user);
		dataSource.setMaximumPoolSize(4);
		return dataSource;
	}

}
