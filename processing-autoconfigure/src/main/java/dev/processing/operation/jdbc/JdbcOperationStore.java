package dev.processing.operation.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.processing.operation.IdempotencyKey;
import dev.processing.operation.Operation;
import dev.processing.operation.OperationChange;
import dev.processing.operation.OperationProgress;
import dev.processing.operation.OperationStatus;
import dev.processing.operation.OperationStore;
import dev.processing.operation.OperationStoreException;
import dev.processing.operation.StoredResponse;
import dev.processing.operation.support.OperationJson;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * An {@link OperationStore} in a relational database, shared by every instance that uses the same table.
 * <p>
 * Each operation is one row; its header fields and progress are JSON, its result body binary, and its times
 * milliseconds since the epoch on the database's clock. An {@link #update update} locks the operation's row
 * ({@code SELECT ... FOR UPDATE}) for the length of its transaction, so that changes from any instance happen one
 * after another; the sweep deletes expired rows in small batches and skips those another transaction holds
 * ({@code FOR UPDATE SKIP LOCKED}), so that sweeps on several instances never wait for each other. PostgreSQL,
 * MariaDB, MySQL and H2 are supported; the schema of each is in this package.
 *
 * @since 0.1.0
 */
public class JdbcOperationStore implements OperationStore {

	/**
	 * The name of the table the store uses unless told otherwise.
	 */
	public static final String DEFAULT_TABLE_NAME = "PROCESSING_OPERATIONS";

	private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

	private static final String COLUMNS = "ID, OWNER, INSTANCE_ID, STATUS, CREATED_AT, UPDATED_AT, LEASE_EXPIRES_AT, "
			+ "EXPIRES_AT, PROGRESS, RESULT_STATUS, RESULT_HEADERS, RESULT_BODY, CANCEL_REQUESTED, IDEMPOTENCY_KEY, "
			+ "IDEMPOTENCY_FINGERPRINT";

	private static final int BATCH_SIZE = 500;

	private static final int MAX_ATTEMPTS = 3;

	private static final String NOT_DONE = "STATUS IN ('QUEUED', 'RUNNING')";

	private static final RowMapper<Operation> OPERATION = JdbcOperationStore::operation;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final int capacity;

	private final Statements sql;

	private final Map<String, Integer> held = new HashMap<>();

	/**
	 * Create a store on the {@link #DEFAULT_TABLE_NAME default table}.
	 * @param dataSource the database
	 * @param capacity how many operations of one instance it may hold
	 */
	public JdbcOperationStore(DataSource dataSource, int capacity) {
		this(dataSource, capacity, DEFAULT_TABLE_NAME);
	}

	/**
	 * Create a store.
	 * @param dataSource the database
	 * @param capacity how many operations of one instance it may hold
	 * @param tableName the table, which must exist with the columns of this package's schema
	 * @throws IllegalArgumentException if the table name is not a plain SQL name, or the database is not one the
	 * store supports
	 */
	public JdbcOperationStore(DataSource dataSource, int capacity, String tableName) {
		Assert.isTrue(capacity > 0, "capacity must be positive");
		Assert.isTrue(isValidTableName(tableName),
				() -> "tableName '" + tableName + "' must be a plain SQL name, optionally with a schema");
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
		this.capacity = capacity;
		this.sql = new Statements(Dialect.of(dataSource), tableName);
	}

	/**
	 * Whether a table name is one the store accepts: a plain SQL name, optionally with a schema, that needs no
	 * quoting.
	 * @param tableName the name
	 * @return whether it is valid
	 */
	public static boolean isValidTableName(String tableName) {
		return TABLE_NAME.matcher(tableName).matches();
	}

	@Override
	public Instant now() {
		return guarded("read the clock", () -> Instant.ofEpochMilli(millis()));
	}

	private long millis() {
		return this.jdbc.sql(this.sql.now).query(Long.class).single();
	}

	@Override
	public @Nullable Operation add(Operation operation) {
		return guarded("add an operation", () -> {
			if (!reserve(operation.instance())) {
				return null;
			}
			Operation added = null;
			try {
				added = addReserved(operation);
				return added;
			}
			finally {
				if (added != operation) {
					release(operation.instance());
				}
			}
		});
	}

	/**
	 * Take one of an instance's places, counting its operations in the database only when the places this store
	 * knows to be taken reach its capacity. Only one instance adds its operations, and removals only free places, so
	 * the number known is never below the number there is.
	 */
	private synchronized boolean reserve(String instance) {
		Integer known = this.held.get(instance);
		if (known == null || known >= this.capacity) {
			known = this.jdbc.sql(this.sql.countInstance).param(instance).query(Integer.class).single();
		}
		if (known >= this.capacity) {
			this.held.put(instance, known);
			return false;
		}
		this.held.put(instance, known + 1);
		return true;
	}

	private synchronized void release(String instance) {
		this.held.computeIfPresent(instance, (name, known) -> Math.max(known - 1, 0));
	}

	private Operation addReserved(Operation operation) {
		IdempotencyKey key = operation.idempotencyKey();
		for (int attempt = 1;; attempt++) {
			try {
				// On its own, not after a look-up in the same transaction: a look-up's range locks would make two
				// inserts with the same key deadlock on MariaDB and MySQL.
				write(this.jdbc.sql(this.sql.insert), operation).update();
				return operation;
			}
			catch (DuplicateKeyException ex) {
				if (key == null || find(operation.id()) != null) {
					throw new IllegalStateException("An operation with the same id already exists", ex);
				}
				Operation bound = findByKey(key);
				if (bound != null) {
					return bound;
				}
				if (attempt == MAX_ATTEMPTS) {
					throw ex;
				}
				// An expired operation still holds the key until the sweep removes it.
				this.jdbc.sql(this.sql.deleteExpiredByKey).param(key.key()).update();
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt == MAX_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private @Nullable Operation findByKey(IdempotencyKey key) {
		return this.jdbc.sql(this.sql.findByKey).param(key.key()).query(OPERATION).optional().orElse(null);
	}

	@Override
	public @Nullable Operation find(String id) {
		return guarded("find an operation",
				() -> this.jdbc.sql(this.sql.find).param(id).query(OPERATION).optional().orElse(null));
	}

	@Override
	public @Nullable Operation update(String id, OperationChange change) {
		return guarded("update an operation", () -> this.transactions.execute((status) -> {
			Current found = this.jdbc.sql(this.sql.findForUpdate).param(id)
				.query((rs, row) -> new Current(rs.getLong("NOW_MS"), operation(rs, row)))
				.optional()
				.orElse(null);
			if (found == null) {
				return null;
			}
			long now = found.now();
			Operation current = found.operation();
			Operation changed = change.apply(current, Instant.ofEpochMilli(now));
			if (changed != current) {
				write(this.jdbc.sql(this.sql.update), changed).update();
			}
			return changed.isExpired(Instant.ofEpochMilli(now)) ? null : changed;
		}));
	}

	@Override
	public boolean remove(String id) {
		return guarded("remove an operation", () -> this.jdbc.sql(this.sql.delete).param(id).update() > 0);
	}

	@Override
	public int removeExpired(int limit) {
		Integer removed = guarded("remove expired operations", () -> this.transactions.execute((status) -> {
			List<String> ids = this.jdbc.sql(this.sql.findExpiredForDelete).param(limit).query(String.class).list();
			if (ids.isEmpty()) {
				return 0;
			}
			return this.jdbc.sql(this.sql.deleteIds).param("ids", ids).update();
		}));
		return (removed != null) ? removed : 0;
	}

	@Override
	public Set<String> renewLeases(Collection<String> ids, Duration lease) {
		return guarded("renew leases", () -> renew(ids, lease));
	}

	private Set<String> renew(Collection<String> ids, Duration lease) {
		Set<String> cancelRequested = new LinkedHashSet<>();
		List<String> all = List.copyOf(ids);
		for (int from = 0; from < all.size(); from += BATCH_SIZE) {
			List<String> batch = all.subList(from, Math.min(from + BATCH_SIZE, all.size()));
			this.transactions.executeWithoutResult((status) -> {
				long now = millis();
				this.jdbc.sql(this.sql.renew).param("lease", now + lease.toMillis()).param("ids", batch).update();
				cancelRequested
					.addAll(this.jdbc.sql(this.sql.findCancelRequested).param("ids", batch).query(String.class).list());
			});
		}
		return cancelRequested;
	}

	@Override
	public List<String> findLeaseExpired(int limit) {
		return guarded("find operations whose lease ran out",
				() -> this.jdbc.sql(this.sql.findLeaseExpired).param(limit).query(String.class).list());
	}

	@Override
	public List<Operation> list(@Nullable OperationStatus status, int offset, int limit) {
		return guarded("list operations", () -> {
			JdbcClient.StatementSpec statement = (status != null)
					? this.jdbc.sql(this.sql.listByStatus).param(status.name()) : this.jdbc.sql(this.sql.list);
			return statement.param(limit).param(offset).query(OPERATION).list();
		});
	}

	@Override
	public @Nullable Instant earliestExpiry(String instance) {
		return guarded("find the earliest expiry", () -> this.jdbc.sql(this.sql.earliestExpiry)
			.param(instance)
			.query(Long.class)
			.optional()
			.map(Instant::ofEpochMilli)
			.orElse(null));
	}

	private static <T> T guarded(String what, Supplier<T> action) {
		try {
			return action.get();
		}
		catch (DataAccessException ex) {
			throw new OperationStoreException("Could not " + what + " in the database: " + ex.getMessage(), ex);
		}
	}

	private static JdbcClient.StatementSpec write(JdbcClient.StatementSpec statement, Operation operation) {
		OperationProgress progress = operation.progress();
		StoredResponse result = operation.result();
		IdempotencyKey key = operation.idempotencyKey();
		// Typed, so that each database is told the type of a null.
		return statement.param("owner", text(operation.owner()))
			.param("instance", operation.instance())
			.param("status", operation.status().name())
			.param("createdAt", operation.createdAt().toEpochMilli())
			.param("updatedAt", operation.updatedAt().toEpochMilli())
			.param("leaseExpiresAt", millis(operation.leaseExpiresAt()))
			.param("expiresAt", millis(operation.expiresAt()))
			.param("progress", text((progress != null) ? OperationJson.writeProgress(progress) : null))
			.param("resultStatus", new SqlParameterValue(Types.INTEGER, (result != null) ? result.status() : null))
			.param("resultHeaders", text((result != null) ? OperationJson.writeHeaders(result.headers()) : null))
			.param("resultBody", new SqlParameterValue(Types.BINARY, (result != null) ? result.body() : null))
			.param("cancelRequested", operation.cancelRequested())
			.param("key", text((key != null) ? key.key() : null))
			.param("fingerprint", text((key != null) ? key.fingerprint() : null))
			.param("id", operation.id());
	}

	private static SqlParameterValue text(@Nullable String value) {
		return new SqlParameterValue(Types.VARCHAR, value);
	}

	private static SqlParameterValue millis(@Nullable Instant instant) {
		return new SqlParameterValue(Types.BIGINT, (instant != null) ? instant.toEpochMilli() : null);
	}

	private static Operation operation(ResultSet rs, int row) throws SQLException {
		String progress = rs.getString("PROGRESS");
		int resultStatus = rs.getInt("RESULT_STATUS");
		StoredResponse result = rs.wasNull() ? null : new StoredResponse(resultStatus,
				OperationJson.readHeaders(rs.getString("RESULT_HEADERS")), rs.getBytes("RESULT_BODY"));
		String key = rs.getString("IDEMPOTENCY_KEY");
		return new Operation(rs.getString("ID"), rs.getString("OWNER"), rs.getString("INSTANCE_ID"),
				OperationStatus.valueOf(rs.getString("STATUS")), instant(rs, "CREATED_AT"), instant(rs, "UPDATED_AT"),
				instant(rs, "LEASE_EXPIRES_AT"), instant(rs, "EXPIRES_AT"),
				(progress != null) ? OperationJson.readProgress(progress) : null, result,
				rs.getBoolean("CANCEL_REQUESTED"),
				(key != null) ? new IdempotencyKey(key, rs.getString("IDEMPOTENCY_FINGERPRINT")) : null);
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		long millis = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
	}

	/**
	 * An operation as a transaction found it, with the database's time.
	 */
	private record Current(long now, Operation operation) {

	}

	/**
	 * What differs between the databases the store supports: how to read the clock to the millisecond.
	 */
	enum Dialect {

		POSTGRESQL("CAST(FLOOR(EXTRACT(EPOCH FROM CLOCK_TIMESTAMP()) * 1000) AS BIGINT)"),

		MYSQL("CAST(FLOOR(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000) AS SIGNED)"),

		H2("CAST(FLOOR(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000) AS BIGINT)");

		private final String now;

		Dialect(String now) {
			this.now = now;
		}

		static Dialect of(DataSource dataSource) {
			String product;
			try {
				product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
			}
			catch (MetaDataAccessException ex) {
				throw new IllegalStateException("the JDBC operation store cannot reach its database to tell which one it is: "
						+ ex.getMessage(), ex);
			}
			return switch (product) {
				case "PostgreSQL" -> POSTGRESQL;
				case "MariaDB", "MySQL" -> MYSQL;
				case "H2" -> H2;
				default -> throw new IllegalArgumentException("The JDBC operation store does not support " + product
						+ "; it supports PostgreSQL, MariaDB, MySQL and H2");
			};
		}

	}

	/**
	 * The statements of the store, for one table and dialect.
	 */
	private static final class Statements {

		private final String now;

		private final String insert;

		private final String update;

		private final String find;

		private final String findForUpdate;

		private final String findByKey;

		private final String deleteExpiredByKey;

		private final String countInstance;

		private final String delete;

		private final String findExpiredForDelete;

		private final String deleteIds;

		private final String renew;

		private final String findCancelRequested;

		private final String findLeaseExpired;

		private final String earliestExpiry;

		private final String list;

		private final String listByStatus;

		Statements(Dialect dialect, String table) {
			String now = dialect.now;
			String notExpired = "(EXPIRES_AT IS NULL OR EXPIRES_AT > " + now + ")";
			this.now = "SELECT " + now;
			this.insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (:id, :owner, :instance, :status, "
					+ ":createdAt, :updatedAt, :leaseExpiresAt, :expiresAt, :progress, :resultStatus, :resultHeaders, "
					+ ":resultBody, :cancelRequested, :key, :fingerprint)";
			this.update = "UPDATE " + table + " SET OWNER = :owner, INSTANCE_ID = :instance, STATUS = :status, "
					+ "CREATED_AT = :createdAt, UPDATED_AT = :updatedAt, LEASE_EXPIRES_AT = :leaseExpiresAt, "
					+ "EXPIRES_AT = :expiresAt, PROGRESS = :progress, RESULT_STATUS = :resultStatus, "
					+ "RESULT_HEADERS = :resultHeaders, RESULT_BODY = :resultBody, "
					+ "CANCEL_REQUESTED = :cancelRequested, IDEMPOTENCY_KEY = :key, "
					+ "IDEMPOTENCY_FINGERPRINT = :fingerprint WHERE ID = :id";
			this.find = "SELECT " + COLUMNS + " FROM " + table + " WHERE ID = ? AND " + notExpired;
			this.findForUpdate = "SELECT " + now + " AS NOW_MS, " + COLUMNS + " FROM " + table + " WHERE ID = ? AND "
					+ notExpired + " FOR UPDATE";
			this.findByKey = "SELECT " + COLUMNS + " FROM " + table + " WHERE IDEMPOTENCY_KEY = ? AND " + notExpired;
			this.deleteExpiredByKey = "DELETE FROM " + table + " WHERE IDEMPOTENCY_KEY = ? AND EXPIRES_AT <= " + now;
			this.countInstance = "SELECT COUNT(*) FROM " + table + " WHERE INSTANCE_ID = ? AND " + notExpired;
			this.delete = "DELETE FROM " + table + " WHERE ID = ?";
			this.findExpiredForDelete = "SELECT ID FROM " + table + " WHERE EXPIRES_AT <= " + now
					+ " ORDER BY EXPIRES_AT LIMIT ? FOR UPDATE SKIP LOCKED";
			this.deleteIds = "DELETE FROM " + table + " WHERE ID IN (:ids)";
			this.renew = "UPDATE " + table + " SET LEASE_EXPIRES_AT = :lease WHERE ID IN (:ids) AND " + NOT_DONE;
			this.findCancelRequested = "SELECT ID FROM " + table + " WHERE ID IN (:ids) AND " + NOT_DONE
					+ " AND CANCEL_REQUESTED = TRUE";
			this.findLeaseExpired = "SELECT ID FROM " + table + " WHERE " + NOT_DONE + " AND LEASE_EXPIRES_AT <= " + now
					+ " ORDER BY LEASE_EXPIRES_AT LIMIT ?";
			this.earliestExpiry = "SELECT EXPIRES_AT FROM " + table + " WHERE INSTANCE_ID = ? AND EXPIRES_AT > " + now
					+ " ORDER BY EXPIRES_AT LIMIT 1";
			String newestFirst = " ORDER BY CREATED_AT DESC, ID LIMIT ? OFFSET ?";
			this.list = "SELECT " + COLUMNS + " FROM " + table + " WHERE " + notExpired + newestFirst;
			this.listByStatus = "SELECT " + COLUMNS + " FROM " + table + " WHERE STATUS = ? AND " + notExpired
					+ newestFirst;
		}

	}

}
