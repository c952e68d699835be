package dev.processing.autoconfigure;

import java.util.Locale;
import javax.sql.DataSource;

import dev.processing.operation.InMemoryOperationStore;
import dev.processing.operation.OperationStore;
import dev.processing.operation.jdbc.JdbcOperationStore;
import dev.processing.operation.redis.RedisOperationStore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.ClassUtils;

/**
 * The operation stores, one configuration each, imported in order: the first whose conditions hold defines the
 * store, unless the application defines its own {@link OperationStore}.
 */
final class OperationStoreConfigurations {

	static final String TYPE = "processing.accepted.store.type";

	private OperationStoreConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcClient.class, DatabaseInitializationProperties.class })
	@ConditionalOnBean(DataSource.class)
	@ConditionalOnMissingBean(OperationStore.class)
	@ConditionalOnProperty(name = TYPE, havingValue = "jdbc")
	@EnableConfigurationProperties(JdbcOperationStoreProperties.class)
	static class Jdbc {

		@Bean
		@DependsOnDatabaseInitialization
		JdbcOperationStore processingOperationStore(@ProcessingDataSource ObjectProvider<DataSource> processingDataSource,
				ObjectProvider<DataSource> dataSource, JdbcOperationStoreProperties jdbc,
				ProcessingProperties properties) {
			DataSource store = processingDataSource.getIfAvailable(dataSource::getObject);
			try {
				return new JdbcOperationStore(store, properties.getAccepted().getMaxOperations(), jdbc.getTableName());
			}
			catch (IllegalStateException ex) {
				throw new IllegalStateException(TYPE + " is jdbc, but " + ex.getMessage(), ex);
			}
		}

		@Bean
		@ConditionalOnMissingBean
		JdbcOperationStoreSchemaInitializer processingOperationStoreSchemaInitializer(
				@ProcessingDataSource ObjectProvider<DataSource> processingDataSource,
				ObjectProvider<DataSource> dataSource, JdbcOperationStoreProperties jdbc) {
			return new JdbcOperationStoreSchemaInitializer(processingDataSource.getIfAvailable(dataSource::getObject),
					jdbc);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	@ConditionalOnMissingBean(OperationStore.class)
	@ConditionalOnProperty(name = TYPE, havingValue = "redis")
	static class Redis {

		@Bean
		RedisOperationStore processingOperationStore(RedisConnectionFactory redisConnectionFactory,
				ProcessingProperties properties) {
			return new RedisOperationStore(redisConnectionFactory, properties.getAccepted().getMaxOperations(),
					properties.getAccepted().getStore().getRedis().getKeyPrefix());
		}

	}

	/**
	 * The store in memory, or, when the store asked for could not be configured, a start-up failure that says what
	 * it needs.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(OperationStore.class)
	static class Fallback {

		@Bean
		InMemoryOperationStore processingOperationStore(ProcessingProperties properties,
				ResourceLoader resourceLoader) {
			ProcessingProperties.StoreType type = properties.getAccepted().getStore().getType();
			if (type != ProcessingProperties.StoreType.MEMORY) {
				throw new InvalidConfigurationPropertyValueException(TYPE, type.name().toLowerCase(Locale.ROOT),
						needs(type, resourceLoader.getClassLoader()));
			}
			return new InMemoryOperationStore(properties.getAccepted().getMaxOperations());
		}

		private static String needs(ProcessingProperties.StoreType type, @Nullable ClassLoader classLoader) {
			if (type == ProcessingProperties.StoreType.JDBC) {
				return ClassUtils.isPresent("org.springframework.boot.jdbc.init.DatabaseInitializationProperties",
						classLoader)
								? "The JDBC store needs a DataSource: set spring.datasource.url, or define a DataSource "
										+ "bean (marked @ProcessingDataSource if there are several)."
								: "The JDBC store needs spring-boot-starter-jdbc and a JDBC driver on the classpath.";
			}
			return ClassUtils.isPresent("org.springframework.data.redis.connection.RedisConnectionFactory",
					classLoader)
							? "The Redis store needs a RedisConnectionFactory: set spring.data.redis.host or "
									+ "spring.data.redis.url."
							: "The Redis store needs spring-boot-starter-data-redis on the classpath.";
		}

	}

}
