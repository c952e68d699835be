package dev.processing.autoconfigure;

import javax.sql.DataSource;

import dev.processing.operation.InMemoryOperationStore;
import dev.processing.operation.OperationStore;
import dev.processing.operation.jdbc.JdbcOperationStore;
import dev.processing.operation.redis.RedisOperationStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the choice of operation store: {@code processing.accepted.store.type}, the user's own store, and the
 * start-up failures that say what a store needs.
 */
class OperationStoreAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				DataSourceAutoConfiguration.class, ProcessingAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void keepsOperationsInMemoryByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.getBean(OperationStore.class)
			.isInstanceOf(InMemoryOperationStore.class));
	}

	@Test
	void jdbcStoreUsesTheDataSourceAndCreatesItsTableInAnEmbeddedDatabase() {
		this.contextRunner.withPropertyValues("processing.accepted.store.type=jdbc").run((context) -> {
			assertThat(context).hasNotFailed().getBean(OperationStore.class).isInstanceOf(JdbcOperationStore.class);
			assertThat(tableRows(context.getBean(DataSource.class), "PROCESSING_OPERATIONS")).isZero();
		});
	}

	@Test
	void jdbcStoreCreatesItsTableUnderTheConfiguredName() {
		this.contextRunner
			.withPropertyValues("processing.accepted.store.type=JDBC",
					"processing.accepted.store.jdbc.table-name=JOBS")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(tableRows(context.getBean(DataSource.class), "JOBS")).isZero();
			});
	}

	@Test
	void jdbcStoreCreatesNoTableWhenToldNotTo() {
		this.contextRunner
			.withPropertyValues("processing.accepted.store.type=jdbc",
					"processing.accepted.store.jdbc.initialize-schema=never")
			.run((context) -> assertThat(context).hasNotFailed()
				.satisfies((ready) -> assertThat(tables(ready.getBean(DataSource.class))).isZero()));
	}

	@Test
	void jdbcStoreUsesTheDataSourceMarkedForIt() {
		this.contextRunner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("processing.accepted.store.type=jdbc")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(tableRows(context.getBean("operationsDataSource", DataSource.class),
						"PROCESSING_OPERATIONS")).isZero();
				assertThat(tables(context.getBean("applicationDataSource", DataSource.class))).isZero();
			});
	}

	@Test
	void redisStoreUsesTheConnectionFactoryAndTheKeyPrefix() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("processing.accepted.store.type=redis",
					"processing.accepted.store.redis.key-prefix=jobs:")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(OperationStore.class)
				.isInstanceOf(RedisOperationStore.class)
				.hasFieldOrPropertyWithValue("keyPrefix", "jobs:"));
	}

	@Test
	void redisStoreWithoutAConnectionFactoryFailsStartUpNamingThePropertyAndWhatItNeeds() {
		withoutDataSource().withPropertyValues("processing.accepted.store.type=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("processing.accepted.store.type")
				.hasMessageContaining("needs a RedisConnectionFactory"));
	}

	@Test
	void storeOutsideTheApplicationHasAHealthComponentThatCanBeTurnedOff() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean("processingStoreHealthIndicator"));
		this.contextRunner.withPropertyValues("processing.accepted.store.type=jdbc")
			.run((context) -> assertThat(context).hasBean("processingStoreHealthIndicator"));
		this.contextRunner
			.withPropertyValues("processing.accepted.store.type=jdbc", "management.health.processing-store.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("processingStoreHealthIndicator"));
	}

	@Test
	void usersOwnStoreWins() {
		this.contextRunner.withUserConfiguration(OwnStore.class)
			.withPropertyValues("processing.accepted.store.type=jdbc")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(OperationStore.class)
				.isSameAs(context.getBean(OwnStore.class).store));
	}

	@Test
	void jdbcStoreWithoutADataSourceFailsStartUpNamingThePropertyAndWhatItNeeds() {
		withoutDataSource().withPropertyValues("processing.accepted.store.type=jdbc")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("processing.accepted.store.type")
				.hasMessageContaining("needs a DataSource"));
	}

	@Test
	void jdbcStoreWithoutSpringJdbcFailsStartUpNamingTheStarterToAdd() {
		withoutDataSource().withClassLoader(new FilteredClassLoader("org.springframework.boot.jdbc"))
			.withPropertyValues("processing.accepted.store.type=jdbc")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("processing.accepted.store.type")
				.hasMessageContaining("spring-boot-starter-jdbc"));
	}

	@Test
	void redisStoreWithoutSpringDataRedisFailsStartUpNamingTheStarterToAdd() {
		withoutDataSource().withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("processing.accepted.store.type=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("processing.accepted.store.type")
				.hasMessageContaining("spring-boot-starter-data-redis"));
	}

	@Test
	void unknownStoreTypeFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("processing.accepted.store.type=mongo")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("processing.accepted.store.type")
				.hasStackTraceContaining("mongo"));
	}

	@Test
	void unreachableDatabaseFailsStartUpSayingSo() {
		this.contextRunner
			.withPropertyValues("processing.accepted.store.type=jdbc",
					"processing.accepted.store.jdbc.initialize-schema=never",
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
					"spring.datasource.hikari.connection-timeout=250")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("processing.accepted.store.type is jdbc, but")
				.hasStackTraceContaining("database"));
	}

	private static WebApplicationContextRunner withoutDataSource() {
		return new WebApplicationContextRunner().withConfiguration(
				AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class, ProcessingAutoConfiguration.class));
	}

	private static long tableRows(DataSource dataSource, String table) {
		return JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

	private static long tables(DataSource dataSource) {
		return JdbcClient.create(dataSource)
			.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")
			.query(Long.class)
			.single();
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean(defaultCandidate = false)
		@ProcessingDataSource
		DataSource operationsDataSource() {
			return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
		}

		@Bean
		DataSource applicationDataSource() {
			return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStore {

		final OperationStore store = new InMemoryOperationStore(3);

		@Bean
		OperationStore operationStore() {
			return this.store;
		}

	}

}
