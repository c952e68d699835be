package dev.processing.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.processing.operation.jdbc.JdbcOperationStore;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

/**
 * Creates the table of the JDBC operation store, under its configured name, with the schema script of the
 * database's platform, as {@code processing.accepted.store.jdbc.initialize-schema} asks.
 *
 * @since 0.1.0
 */
public class JdbcOperationStoreSchemaInitializer
		extends PropertiesBasedDataSourceScriptDatabaseInitializer<JdbcOperationStoreProperties> {

	private final String tableName;

	/**
	 * Create an instance.
	 * @param dataSource the database of the store
	 * @param properties the store's settings
	 */
	public JdbcOperationStoreSchemaInitializer(DataSource dataSource, JdbcOperationStoreProperties properties) {
		super(dataSource, properties, Map.of(DatabaseDriver.MARIADB, "mysql"));
		this.tableName = properties.getTableName();
	}

	@Override
	protected void runScripts(Scripts scripts) {
		List<Resource> renamed = new ArrayList<>();
		for (Resource script : scripts) {
			renamed.add(renamed(script, scripts));
		}
		super.runScripts(new Scripts(renamed).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator())
			.encoding(scripts.getEncoding()));
	}

	private Resource renamed(Resource script, Scripts scripts) {
		if (this.tableName.equals(JdbcOperationStore.DEFAULT_TABLE_NAME)) {
			return script;
		}
		Charset encoding = (scripts.getEncoding() != null) ? scripts.getEncoding() : StandardCharsets.UTF_8;
		try {
			String text = script.getContentAsString(encoding);
			return new ByteArrayResource(rename(text, this.tableName).getBytes(encoding), script.getDescription());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + script.getDescription(), ex);
		}
	}

	/**
	 * Rename the table of a schema script: its constraints and indexes are named after the table without its schema,
	 * since databases do not qualify them.
	 * @param script the script, for {@link JdbcOperationStore#DEFAULT_TABLE_NAME}
	 * @param tableName the name of the table, optionally with a schema
	 * @return the script for that table
	 */
	static String rename(String script, String tableName) {
		String simpleName = tableName.substring(tableName.lastIndexOf('.') + 1);
		return script.replace(JdbcOperationStore.DEFAULT_TABLE_NAME + "_", simpleName + "_")
			.replace(JdbcOperationStore.DEFAULT_TABLE_NAME, tableName);
	}

}
