package dev.processing.operation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * The real servers that store tests run against. A test whose server cannot be reached is skipped with one line, or
 * fails if {@code PROCESSING_REQUIRE_STORES} is {@code true}, as it is in CI.
 */
public final class StoreServers {

	public static final String POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	public static final String POSTGRESQL_USER = "postgres";

	public static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";

	public static final String MARIADB_USER = "root";

	public static final String REDIS_HOST = "127.0.0.1";

	public static final int REDIS_PORT = 6379;

	private StoreServers() {
	}

	public static void assumePostgreSql() {
		assumeReachable("PostgreSQL", "127.0.0.1", 5432);
	}

	public static void assumeMariaDb() {
		assumeReachable("MariaDB", "127.0.0.1", 3306);
	}

	public static void assumeRedis() {
		assumeReachable("Redis", REDIS_HOST, REDIS_PORT);
	}

	private static void assumeReachable(String name, String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
		}
		catch (IOException ex) {
			String message = name + " is not reachable on " + host + ":" + port + " (" + ex.getMessage() + ")";
			if (Boolean.parseBoolean(System.getenv("PROCESSING_REQUIRE_STORES"))) {
				fail(message + " and PROCESSING_REQUIRE_STORES is true");
			}
			System.out.println("Skipped: " + message);
			Assumptions.abort(message);
		}
	}

}
