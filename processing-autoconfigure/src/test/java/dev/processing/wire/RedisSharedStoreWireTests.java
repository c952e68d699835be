package dev.processing.wire;

import java.util.List;
import java.util.UUID;

import dev.processing.operation.StoreServers;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * Two instances that share the Redis store, under a key prefix of the test's own.
 */
class RedisSharedStoreWireTests extends SharedStoreWireTests {

	private final String keyPrefix = "processing-wire:" + UUID.randomUUID() + ":";

	@Override
	void prepareStore() {
		StoreServers.assumeRedis();
	}

	@Override
	List<String> storeProperties() {
		return List.of("processing.accepted.store.type=redis", "processing.accepted.store.redis.key-prefix="
				+ this.keyPrefix, "spring.data.redis.host=" + StoreServers.REDIS_HOST,
				"spring.data.redis.port=" + StoreServers.REDIS_PORT);
	}

	@Override
	void cleanStore() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(StoreServers.REDIS_HOST, StoreServers.REDIS_PORT));
		factory.start();
		try (RedisConnection connection = factory.getConnection();
				Cursor<byte[]> keys = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(this.keyPrefix + "*").count(100).build())) {
			keys.forEachRemaining((key) -> connection.keyCommands().del(key));
		}
		finally {
			factory.destroy();
		}
	}

}
