package dev.processing.autoconfigure;

import dev.processing.operation.jdbc.JdbcOperationStore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.util.Assert;

/**
 * Settings of the operation store in a relational database ({@code processing.accepted.store.type=jdbc}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("processing.accepted.store.jdbc")
public class JdbcOperationStoreProperties extends DatabaseInitializationProperties {

	private static final String DEFAULT_SCHEMA_LOCATION = "classpath:dev/processing/operation/jdbc/"
			+ "schema-@@platform@@.sql";

	/**
	 * Table that holds the operations, optionally qualified by a database schema; the schema script creates it under
	 * this name.
	 */
	private String tableName = JdbcOperationStore.DEFAULT_TABLE_NAME;

	public String getTableName() {
		return this.tableName;
	}

	public void setTableName(String tableName) {
		Assert.isTrue(JdbcOperationStore.isValidTableName(tableName),
				"must be a plain SQL name, optionally with a schema");
		this.tableName = tableName;
	}

	@Override
	public String getDefaultSchemaLocation() {
		return DEFAULT_SCHEMA_LOCATION;
	}

}
