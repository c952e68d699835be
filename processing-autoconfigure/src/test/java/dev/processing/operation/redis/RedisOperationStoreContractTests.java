package dev.processing.operation.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.processing.operation.IdempotencyKey;
import dev.processing.operation.Operation;
import dev.processing.operation.OperationIds;
import dev.processing.operation.OperationStatus;
import dev.processing.operation.OperationStore;
import dev.processing.operation.OperationStoreContractTests;
import dev.processing.operation.StoreServers;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store contract, kept by {@link RedisOperationStore} on a real Redis server, under a key prefix of each test's
 * own whose keys are deleted afterwards.
 */
class RedisOperationStoreContractTests extends OperationStoreContractTests {

	private LettuceConnectionFactory connectionFactory;

	private String keyPrefix;

	@Override
	protected OperationStore createStore(int capacity) {
		StoreServers.assumeRedis();
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(StoreServers.REDIS_HOST, StoreServers.REDIS_PORT));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.keyPrefix = "processing-test:" + UUID.randomUUID() + ":";
		return new RedisOperationStore(this.connectionFactory, capacity, this.keyPrefix);
	}

	@Override
	protected void destroyStore() {
		if (this.connectionFactory != null) {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				List<byte[]> keys = keys(connection);
				if (!keys.isEmpty()) {
					connection.keyCommands().del(keys.toArray(byte[][]::new));
				}
			}
			this.connectionFactory.destroy();
		}
	}

	@Test
	void doneOperationAndItsKeyBindingExpireInRedis() {
		Operation operation = store().add(queued(new IdempotencyKey("k-4", "digest")));
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			assertThat(connection.keyCommands().pTtl(key("id:" + operation.id()))).isEqualTo(-1);
			store().update(operation.id(),
					(current, now) -> new Operation(current.id(), current.owner(), current.instance(),
							OperationStatus.SUCCEEDED, current.createdAt(), now, null, now.plus(LEASE), current.progress(),
							null, false, current.idempotencyKey()));
			assertThat(connection.keyCommands().pTtl(key("id:" + operation.id()))).isBetween(1L, LEASE.toMillis());
			assertThat(connection.keyCommands().pTtl(key("key:k-4"))).isBetween(1L, LEASE.toMillis());
		}
	}

	@Test
	void sweptOperationsLeaveNoKeysBehind() {
		Operation operation = store().add(queued(new IdempotencyKey("k-5", "digest")));
		store().update(operation.id(), (current, now) -> new Operation(current.id(), current.owner(),
				current.instance(), OperationStatus.FAILED, current.createdAt(), now, null, now.plusMillis(1),
				current.progress(), null, false, current.idempotencyKey()));
		await().atMost(Duration.ofSeconds(5)).until(() -> store().find(operation.id()) == null);
		assertThat(store().removeExpired(10)).isOne();
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			assertThat(keys(connection)).isEmpty();
		}
	}

	private Operation queued(IdempotencyKey key) {
		return Operation.queued(OperationIds.next(), "alice", INSTANCE, store().now(), LEASE, key);
	}

	private List<byte[]> keys(RedisConnection connection) {
		List<byte[]> keys = new ArrayList<>();
		ScanOptions options = ScanOptions.scanOptions().match(this.keyPrefix + "*").count(100).build();
		try (Cursor<byte[]> cursor = connection.keyCommands().scan(options)) {
			cursor.forEachRemaining(keys::add);
		}
		return keys;
	}

	private byte[] key(String name) {
		return (this.keyPrefix + name).getBytes(StandardCharsets.UTF_8);
	}

}
