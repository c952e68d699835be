package dev.processing.operation.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

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
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.HashOperations;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.util.Assert;

/**
 * An {@link OperationStore} in Redis, shared by every instance that uses the same server and key prefix.
 * <p>
 * Each operation is a hash with a field for each of its components: header fields and progress as JSON, the result
 * body as raw bytes, and times as milliseconds since the epoch on the server's clock ({@code TIME}). Sorted sets
 * index each instance's operations by expiry, the leases of operations that are not done, and done operations by
 * expiry; a string binds each idempotency key to its operation. Once an operation is done, its hash and its key
 * binding expire with it ({@code PEXPIREAT}), so that Redis removes them and the sweep only drops index entries. An
 * {@link #update update} watches the operation's hash and writes it in a {@code MULTI}/{@code EXEC} transaction,
 * starting again if another client changed the hash in between, so that changes from any instance happen one after
 * another. Each transaction holds a connection of its own, which a pooled connection factory keeps from being opened
 * afresh every time. The transactions span several keys, so the store needs one primary server (standalone or under
 * Sentinel), not Redis Cluster.
 *
 * @since 0.1.0
 */
public class RedisOperationStore implements OperationStore {

	/**
	 * The prefix of the store's keys unless told otherwise.
	 */
	public static final String DEFAULT_KEY_PREFIX = "processing:operations:";

	private static final String ID = "id";

	private static final String OWNER = "owner";

	private static final String INSTANCE = "instance";

	private static final String STATUS = "status";

	private static final String CREATED_AT = "createdAt";

	private static final String UPDATED_AT = "updatedAt";

	private static final String LEASE_EXPIRES_AT = "leaseExpiresAt";

	private static final String EXPIRES_AT = "expiresAt";

	private static final String PROGRESS = "progress";

	private static final String RESULT_STATUS = "resultStatus";

	private static final String RESULT_HEADERS = "resultHeaders";

	private static final String RESULT_BODY = "resultBody";

	private static final String CANCEL_REQUESTED = "cancelRequested";

	private static final String IDEMPOTENCY_KEY = "idempotencyKey";

	private static final String IDEMPOTENCY_FINGERPRINT = "idempotencyFingerprint";

	/**
	 * Extends the leases of the operations in {@code KEYS[2..]} (ids in {@code ARGV[2..]}) that are not done to
	 * {@code ARGV[1]}, in the hash and in the lease index {@code KEYS[1]}, and answers the ids of those whose
	 * cancellation was requested. One script, so that no change to an operation falls between reading its status and
	 * writing its lease, and a hash that has just expired is not brought back.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> RENEW_LEASES = RedisScript.of("""
			local canceled = {}
			for i = 2, #KEYS do
				local state = redis.call('HMGET', KEYS[i], 'status', 'cancelRequested')
				if state[1] == 'QUEUED' or state[1] == 'RUNNING' then
					redis.call('HSET', KEYS[i], 'leaseExpiresAt', ARGV[1])
					redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i])
					if state[2] == 'true' then
						canceled[#canceled + 1] = ARGV[i]
					end
				end
			end
			return canceled
			""", List.class);

	private final RedisTemplate<String, String> redis;

	private final int capacity;

	private final String keyPrefix;

	private final String leasesKey;

	private final String expiriesKey;

	/**
	 * Create a store whose keys start with the {@link #DEFAULT_KEY_PREFIX default prefix}.
	 * @param connectionFactory the connections to Redis
	 * @param capacity how many operations of one instance it may hold
	 */
	public RedisOperationStore(RedisConnectionFactory connectionFactory, int capacity) {
		this(connectionFactory, capacity, DEFAULT_KEY_PREFIX);
	}

	/**
	 * Create a store.
	 * @param connectionFactory the connections to Redis
	 * @param capacity how many operations of one instance it may hold
	 * @param keyPrefix what the names of the store's keys start with, so that stores may share a database
	 */
	public RedisOperationStore(RedisConnectionFactory connectionFactory, int capacity, String keyPrefix) {
		Assert.isTrue(capacity > 0, "capacity must be positive");
		Assert.hasLength(keyPrefix, "keyPrefix must not be empty");
		this.redis = template(connectionFactory);
		this.capacity = capacity;
		this.keyPrefix = keyPrefix;
		this.leasesKey = keyPrefix + "leases";
		this.expiriesKey = keyPrefix + "expiries";
	}

	private static RedisTemplate<String, String> template(RedisConnectionFactory connectionFactory) {
		RedisTemplate<String, String> template = new RedisTemplate<>();
		template.setConnectionFactory(connectionFactory);
		template.setKeySerializer(RedisSerializer.string());
		template.setValueSerializer(RedisSerializer.string());
		template.setHashKeySerializer(RedisSerializer.string());
		// Bytes as they are, so that a result body comes back byte for byte.
		template.setHashValueSerializer(RedisSerializer.byteArray());
		template.afterPropertiesSet();
		return template;
	}

	@Override
	public Instant now() {
		return guarded("read the clock", () -> nowUnguarded());
	}

	private Instant nowUnguarded() {
		return Instant.ofEpochMilli(millis(this.redis));
	}

	@Override
	public synchronized @Nullable Operation add(Operation operation) {
		return guarded("add an operation", () -> addUnguarded(operation));
	}

	private @Nullable Operation addUnguarded(Operation operation) {
		// Only this instance adds its operations, so the lock keeps the count of them exact; the watch keeps an id
		// or an idempotency key from being taken twice by instances that add at once.
		for (;;) {
			Attempt<Operation> attempt = session((redis) -> tryAdd(redis, operation));
			if (!attempt.conflicted()) {
				return attempt.value();
			}
		}
	}

	private Attempt<Operation> tryAdd(RedisOperations<String, String> redis, Operation operation) {
		String key = operationKey(operation.id());
		String instanceKey = instanceKey(operation.instance());
		IdempotencyKey idempotencyKey = operation.idempotencyKey();
		String boundKey = (idempotencyKey != null) ? boundKey(idempotencyKey) : null;
		long now = millis(redis);
		// Entries of expired operations must not count; dropped before the watch, which they would otherwise trip.
		redis.opsForZSet().removeRangeByScore(instanceKey, Double.NEGATIVE_INFINITY, now);
		redis.watch((boundKey != null) ? List.of(key, instanceKey, boundKey) : List.of(key, instanceKey));
		if (boundKey != null) {
			String boundId = redis.opsForValue().get(boundKey);
			Operation bound = (boundId != null) ? read(redis, boundId, now) : null;
			if (bound != null) {
				redis.unwatch();
				return Attempt.of(bound);
			}
		}
		if (Boolean.TRUE.equals(redis.hasKey(key))) {
			throw new IllegalStateException("An operation with the same id already exists");
		}
		Long held = redis.opsForZSet().zCard(instanceKey);
		if (held != null && held >= this.capacity) {
			redis.unwatch();
			return Attempt.of(null);
		}
		redis.multi();
		write(redis, operation, null, Map.of(), fields(operation));
		return commit(redis, key, operation);
	}

	@Override
	public @Nullable Operation find(String id) {
		return guarded("find an operation", () -> findUnguarded(id));
	}

	private @Nullable Operation findUnguarded(String id) {
		Operation operation = operation(hashes(this.redis).entries(operationKey(id)));
		// Read after the hash, so that an operation that has not expired by then had not expired when it was read.
		return (operation != null && !operation.isExpired(now())) ? operation : null;
	}

	private @Nullable Operation read(RedisOperations<String, String> redis, String id, long now) {
		Operation operation = operation(hashes(redis).entries(operationKey(id)));
		return (operation != null && !operation.isExpired(Instant.ofEpochMilli(now))) ? operation : null;
	}

	@Override
	public @Nullable Operation update(String id, OperationChange change) {
		return guarded("update an operation", () -> updateUnguarded(id, change));
	}

	private @Nullable Operation updateUnguarded(String id, OperationChange change) {
		for (;;) {
			Attempt<Operation> attempt = session((redis) -> tryUpdate(redis, id, change));
			if (!attempt.conflicted()) {
				return attempt.value();
			}
		}
	}

	private Attempt<Operation> tryUpdate(RedisOperations<String, String> redis, String id, OperationChange change) {
		String key = operationKey(id);
		redis.watch(key);
		Map<String, byte[]> stored = hashes(redis).entries(key);
		Instant now = Instant.ofEpochMilli(millis(redis));
		Operation current = operation(stored);
		if (current == null || current.isExpired(now)) {
			redis.unwatch();
			return Attempt.of(null);
		}
		Operation changed = change.apply(current, now);
		Assert.isTrue(changed.id().equals(id), "A change must keep the operation's id");
		Map<String, byte[]> fields = fields(changed);
		if (sameFields(fields, stored)) {
			redis.unwatch();
			return Attempt.of(changed);
		}
		redis.multi();
		write(redis, changed, current, stored, fields);
		return commit(redis, key, changed.isExpired(now) ? null : changed);
	}

	@Override
	public boolean remove(String id) {
		return guarded("remove an operation", () -> removeUnguarded(id));
	}

	private boolean removeUnguarded(String id) {
		for (;;) {
			Attempt<Boolean> attempt = session((redis) -> tryRemove(redis, id));
			if (!attempt.conflicted()) {
				return Boolean.TRUE.equals(attempt.value());
			}
		}
	}

	private Attempt<Boolean> tryRemove(RedisOperations<String, String> redis, String id) {
		String key = operationKey(id);
		redis.watch(key);
		HashOperations<String, String, byte[]> hashes = hashes(redis);
		List<byte[]> values = hashes.multiGet(key, List.of(INSTANCE, IDEMPOTENCY_KEY));
		String instance = text(values.get(0));
		if (instance == null) {
			redis.unwatch();
			return Attempt.of(false);
		}
		String idempotencyKey = text(values.get(1));
		String boundKey = (idempotencyKey != null) ? boundKey(idempotencyKey) : null;
		boolean bound = false;
		if (boundKey != null) {
			redis.watch(boundKey);
			bound = id.equals(redis.opsForValue().get(boundKey));
		}
		redis.multi();
		redis.delete(key);
		ZSetOperations<String, String> zsets = redis.opsForZSet();
		zsets.remove(instanceKey(instance), id);
		zsets.remove(this.leasesKey, id);
		zsets.remove(this.expiriesKey, expiryMember(id, instance));
		if (bound) {
			redis.delete(boundKey);
		}
		return commit(redis, key, true);
	}

	@Override
	public int removeExpired(int limit) {
		return guarded("remove expired operations", () -> removeExpiredUnguarded(limit));
	}

	private int removeExpiredUnguarded(int limit) {
		if (limit <= 0) {
			return 0;
		}
		long now = millis(this.redis);
		ZSetOperations<String, String> zsets = this.redis.opsForZSet();
		Set<String> members = zsets.rangeByScore(this.expiriesKey, Double.NEGATIVE_INFINITY, now, 0, limit);
		if (members == null || members.isEmpty()) {
			return 0;
		}
		// Redis has removed the hashes and key bindings at their expiry; what is left are their index entries.
		Map<String, List<String>> idsByInstance = new LinkedHashMap<>();
		for (String member : members) {
			int colon = member.indexOf(':');
			int length = Integer.parseInt(member.substring(0, colon));
			String id = member.substring(colon + 1, colon + 1 + length);
			String instance = member.substring(colon + 1 + length);
			idsByInstance.computeIfAbsent(instance, (name) -> new ArrayList<>()).add(id);
		}
		idsByInstance.forEach((instance, ids) -> zsets.remove(instanceKey(instance), ids.toArray()));
		// Counted by the entries this call removed, so that sweeps on several instances count each one once.
		Long removed = zsets.remove(this.expiriesKey, members.toArray());
		return (removed != null) ? removed.intValue() : 0;
	}

	@Override
	public Set<String> renewLeases(Collection<String> ids, Duration lease) {
		return guarded("renew leases", () -> renewLeasesUnguarded(ids, lease));
	}

	private Set<String> renewLeasesUnguarded(Collection<String> ids, Duration lease) {
		if (ids.isEmpty()) {
			return Set.of();
		}
		long leaseExpiresAt = millis(this.redis) + lease.toMillis();
		List<String> keys = new ArrayList<>(ids.size() + 1);
		List<String> args = new ArrayList<>(ids.size() + 1);
		keys.add(this.leasesKey);
		args.add(Long.toString(leaseExpiresAt));
		for (String id : ids) {
			keys.add(operationKey(id));
			args.add(id);
		}
		List<?> canceled = this.redis.execute(RENEW_LEASES, keys, args.toArray());
		Set<String> cancelRequested = new LinkedHashSet<>();
		if (canceled != null) {
			canceled.forEach((id) -> cancelRequested.add((String) id));
		}
		return cancelRequested;
	}

	@Override
	public List<String> findLeaseExpired(int limit) {
		return guarded("find operations whose lease ran out", () -> findLeaseExpiredUnguarded(limit));
	}

	private List<String> findLeaseExpiredUnguarded(int limit) {
		if (limit <= 0) {
			return List.of();
		}
		long now = millis(this.redis);
		Set<String> ids = this.redis.opsForZSet().rangeByScore(this.leasesKey, Double.NEGATIVE_INFINITY, now, 0, limit);
		return (ids != null) ? List.copyOf(ids) : List.of();
	}

	@Override
	public List<Operation> list(@Nullable OperationStatus status, int offset, int limit) {
		return guarded("list operations", () -> listUnguarded(status, offset, limit));
	}

	/**
	 * Read every operation's hash, a page of which is returned: an operator's view, not for the request path.
	 */
	private List<Operation> listUnguarded(@Nullable OperationStatus status, int offset, int limit) {
		String prefix = operationKey("");
		List<String> ids = new ArrayList<>();
		ScanOptions options = ScanOptions.scanOptions().match(prefix + "*").count(500).build();
		try (Cursor<String> keys = this.redis.scan(options)) {
			keys.forEachRemaining((key) -> ids.add(key.substring(prefix.length())));
		}
		List<Operation> operations = new ArrayList<>();
		for (String id : ids) {
			Operation operation = findUnguarded(id);
			if (operation != null && (status == null || operation.status() == status)) {
				operations.add(operation);
			}
		}
		operations.sort(Comparator.comparing(Operation::createdAt).reversed().thenComparing(Operation::id));
		return operations.stream().skip(offset).limit(limit).toList();
	}

	@Override
	public @Nullable Instant earliestExpiry(String instance) {
		return guarded("find the earliest expiry", () -> earliestExpiryUnguarded(instance));
	}

	private @Nullable Instant earliestExpiryUnguarded(String instance) {
		long now = millis(this.redis);
		// Scores are whole milliseconds; the first entry after now is the earliest expiry unless it is infinite.
		Set<TypedTuple<String>> first = this.redis.opsForZSet()
			.rangeByScoreWithScores(instanceKey(instance), now + 1, Double.POSITIVE_INFINITY, 0, 1);
		if (first == null || first.isEmpty()) {
			return null;
		}
		Double score = first.iterator().next().getScore();
		return (score != null && !score.isInfinite()) ? Instant.ofEpochMilli(score.longValue()) : null;
	}

	private static <T> T guarded(String what, Supplier<T> action) {
		try {
			return action.get();
		}
		catch (DataAccessException ex) {
			throw new OperationStoreException("Could not " + what + " in Redis: " + ex.getMessage(), ex);
		}
	}

	private void write(RedisOperations<String, String> redis, Operation operation, @Nullable Operation previous,
			Map<String, byte[]> stored, Map<String, byte[]> fields) {
		String id = operation.id();
		String key = operationKey(id);
		Map<String, byte[]> changed = new LinkedHashMap<>();
		fields.forEach((name, value) -> {
			if (!Arrays.equals(value, stored.get(name))) {
				changed.put(name, value);
			}
		});
		Object[] cleared = stored.keySet().stream().filter((name) -> !fields.containsKey(name)).toArray();
		HashOperations<String, String, byte[]> hashes = hashes(redis);
		if (!changed.isEmpty()) {
			hashes.putAll(key, changed);
		}
		if (cleared.length > 0) {
			hashes.delete(key, cleared);
		}
		// Set on every write, so that a hash that expired after it was read is removed again at once.
		expire(redis, key, operation, previous);
		index(redis, operation, previous);
		bind(redis, operation, previous);
	}

	private void index(RedisOperations<String, String> redis, Operation operation, @Nullable Operation previous) {
		ZSetOperations<String, String> zsets = redis.opsForZSet();
		String id = operation.id();
		String instance = operation.instance();
		Instant expiresAt = operation.expiresAt();
		boolean moved = previous != null && !previous.instance().equals(instance);
		if (moved) {
			zsets.remove(instanceKey(previous.instance()), id);
			zsets.remove(this.expiriesKey, expiryMember(id, previous.instance()));
		}
		if (previous == null || moved || !Objects.equals(previous.expiresAt(), expiresAt)) {
			// Until it is done, an operation counts towards its instance's capacity without end.
			double score = (expiresAt != null) ? expiresAt.toEpochMilli() : Double.POSITIVE_INFINITY;
			zsets.add(instanceKey(instance), id, score);
			if (expiresAt != null) {
				zsets.add(this.expiriesKey, expiryMember(id, instance), expiresAt.toEpochMilli());
			}
			else {
				zsets.remove(this.expiriesKey, expiryMember(id, instance));
			}
		}
		Instant lease = lease(operation);
		if (previous == null || !Objects.equals(lease(previous), lease)) {
			if (lease != null) {
				zsets.add(this.leasesKey, id, lease.toEpochMilli());
			}
			else {
				zsets.remove(this.leasesKey, id);
			}
		}
	}

	private void bind(RedisOperations<String, String> redis, Operation operation, @Nullable Operation previous) {
		IdempotencyKey key = operation.idempotencyKey();
		IdempotencyKey previousKey = (previous != null) ? previous.idempotencyKey() : null;
		String boundKey = (key != null) ? boundKey(key) : null;
		String previousBoundKey = (previousKey != null) ? boundKey(previousKey) : null;
		if (previousBoundKey != null && !previousBoundKey.equals(boundKey)) {
			redis.delete(previousBoundKey);
		}
		if (boundKey != null) {
			if (!boundKey.equals(previousBoundKey)) {
				redis.opsForValue().set(boundKey, operation.id());
			}
			expire(redis, boundKey, operation, previous);
		}
	}

	private static void expire(RedisOperations<String, String> redis, String key, Operation operation,
			@Nullable Operation previous) {
		Instant expiresAt = operation.expiresAt();
		if (expiresAt != null) {
			redis.expireAt(key, expiresAt);
		}
		else if (previous != null && previous.expiresAt() != null) {
			redis.persist(key);
		}
	}

	private static @Nullable Instant lease(Operation operation) {
		return operation.isDone() ? null : operation.leaseExpiresAt();
	}

	private static <T> Attempt<T> commit(RedisOperations<String, String> redis, String key, T value) {
		// Spring answers an aborted transaction with no replies, and leaves out status replies ("OK") of one that ran,
		// so a last command with a reply of its own tells the two apart.
		redis.hasKey(key);
		List<Object> results = redis.exec();
		return (results == null || results.isEmpty()) ? Attempt.conflict() : Attempt.of(value);
	}

	private <T> T session(Function<RedisOperations<String, String>, T> work) {
		T result = this.redis.execute(new SessionCallback<T>() {

			@Override
			@SuppressWarnings("unchecked")
			public <K, V> T execute(RedisOperations<K, V> operations) throws DataAccessException {
				RedisOperations<String, String> redis = (RedisOperations<String, String>) operations;
				try {
					return work.apply(redis);
				}
				catch (RuntimeException ex) {
					reset(redis, ex);
					throw ex;
				}
			}

		});
		Assert.state(result != null, "The Redis session returned nothing");
		return result;
	}

	private static void reset(RedisOperations<String, String> redis, RuntimeException failure) {
		// A pooled connection goes back as it is, so it must not keep a watch or an open transaction.
		try {
			redis.execute((RedisCallback<Object>) (connection) -> {
				if (connection.isQueueing()) {
					connection.discard();
				}
				else {
					connection.unwatch();
				}
				return null;
			});
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
		}
	}

	private static long millis(RedisOperations<String, String> redis) {
		Long millis = redis
			.execute((RedisCallback<Long>) (connection) -> connection.serverCommands().time(TimeUnit.MILLISECONDS));
		Assert.state(millis != null, "Redis did not tell the time");
		return millis;
	}

	private static HashOperations<String, String, byte[]> hashes(RedisOperations<String, String> redis) {
		return redis.opsForHash();
	}

	private String operationKey(String id) {
		return this.keyPrefix + "id:" + id;
	}

	private String instanceKey(String instance) {
		return this.keyPrefix + "instance:" + instance;
	}

	private String boundKey(IdempotencyKey key) {
		return boundKey(key.key());
	}

	private String boundKey(String key) {
		return this.keyPrefix + "key:" + key;
	}

	/**
	 * The member of the expiry index: the id, with its length first, and the instance, so that the sweep can drop the
	 * instance's entry once Redis has removed the hash that named it.
	 */
	private static String expiryMember(String id, String instance) {
		return id.length() + ":" + id + instance;
	}

	private static boolean sameFields(Map<String, byte[]> fields, Map<String, byte[]> stored) {
		if (fields.size() != stored.size()) {
			return false;
		}
		for (Map.Entry<String, byte[]> field : fields.entrySet()) {
			if (!Arrays.equals(field.getValue(), stored.get(field.getKey()))) {
				return false;
			}
		}
		return true;
	}

	private static Map<String, byte[]> fields(Operation operation) {
		Map<String, byte[]> fields = new LinkedHashMap<>();
		put(fields, ID, operation.id());
		put(fields, OWNER, operation.owner());
		put(fields, INSTANCE, operation.instance());
		put(fields, STATUS, operation.status().name());
		put(fields, CREATED_AT, millis(operation.createdAt()));
		put(fields, UPDATED_AT, millis(operation.updatedAt()));
		put(fields, LEASE_EXPIRES_AT, millis(operation.leaseExpiresAt()));
		put(fields, EXPIRES_AT, millis(operation.expiresAt()));
		OperationProgress progress = operation.progress();
		put(fields, PROGRESS, (progress != null) ? OperationJson.writeProgress(progress) : null);
		StoredResponse result = operation.result();
		if (result != null) {
			put(fields, RESULT_STATUS, Integer.toString(result.status()));
			put(fields, RESULT_HEADERS, OperationJson.writeHeaders(result.headers()));
			fields.put(RESULT_BODY, result.body());
		}
		put(fields, CANCEL_REQUESTED, Boolean.toString(operation.cancelRequested()));
		IdempotencyKey key = operation.idempotencyKey();
		if (key != null) {
			put(fields, IDEMPOTENCY_KEY, key.key());
			put(fields, IDEMPOTENCY_FINGERPRINT, key.fingerprint());
		}
		return fields;
	}

	private static void put(Map<String, byte[]> fields, String name, @Nullable String value) {
		if (value != null) {
			fields.put(name, value.getBytes(StandardCharsets.UTF_8));
		}
	}

	private static @Nullable String millis(@Nullable Instant instant) {
		return (instant != null) ? Long.toString(instant.toEpochMilli()) : null;
	}

	private static @Nullable Operation operation(Map<String, byte[]> fields) {
		String id = text(fields.get(ID));
		String instance = text(fields.get(INSTANCE));
		String status = text(fields.get(STATUS));
		Instant createdAt = instant(fields.get(CREATED_AT));
		Instant updatedAt = instant(fields.get(UPDATED_AT));
		// Not an operation that was written whole, such as one that expired as it was written.
		if (id == null || instance == null || status == null || createdAt == null || updatedAt == null) {
			return null;
		}
		String progress = text(fields.get(PROGRESS));
		String resultStatus = text(fields.get(RESULT_STATUS));
		String resultHeaders = text(fields.get(RESULT_HEADERS));
		byte[] resultBody = fields.get(RESULT_BODY);
		StoredResponse result = (resultStatus != null) ? new StoredResponse(Integer.parseInt(resultStatus),
				(resultHeaders != null) ? OperationJson.readHeaders(resultHeaders) : Map.of(),
				(resultBody != null) ? resultBody : new byte[0]) : null;
		String key = text(fields.get(IDEMPOTENCY_KEY));
		String fingerprint = text(fields.get(IDEMPOTENCY_FINGERPRINT));
		return new Operation(id, text(fields.get(OWNER)), instance, OperationStatus.valueOf(status), createdAt,
				updatedAt, instant(fields.get(LEASE_EXPIRES_AT)), instant(fields.get(EXPIRES_AT)),
				(progress != null) ? OperationJson.readProgress(progress) : null, result,
				Boolean.parseBoolean(text(fields.get(CANCEL_REQUESTED))),
				(key != null && fingerprint != null) ? new IdempotencyKey(key, fingerprint) : null);
	}

	private static @Nullable String text(byte @Nullable [] value) {
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

	private static @Nullable Instant instant(byte @Nullable [] value) {
		String text = text(value);
		return (text != null) ? Instant.ofEpochMilli(Long.parseLong(text)) : null;
	}

	/**
	 * One try at a change in a transaction: its outcome, or that a watched key changed and it must start again.
	 */
	private record Attempt<T>(boolean conflicted, @Nullable T value) {

		static <T> Attempt<T> of(@Nullable T value) {
			return new Attempt<>(false, value);
		}

		static <T> Attempt<T> conflict() {
			return new Attempt<>(true, null);
		}

	}

}
