package dev.processing.benchmarks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application that the load scripts of this module measure: one plain endpoint and one held,
 * {@link dev.processing.LongRunning @LongRunning} endpoint.
 *
 * @since 0.1.0
 */
@SpringBootApplication
public class BenchmarkApplication {

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkApplication.class, args);
	}

}
