package dev.processing.sample;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.processing.LongRunning;
import dev.processing.Progress;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Builds sales reports; a report for many regions takes a few seconds.
 */
@RestController
class ReportController {

	private static final List<String> REGIONS = List.of("north", "south", "east", "west", "central");

	/**
	 * A sales report over {@code days} days; each region takes {@code millisPerRegion} to aggregate.
	 * <p>
	 * By default the client waits for it and gets {@code 102 Processing} meanwhile; with
	 * {@code Prefer: respond-async} (or {@code processing.mode=accepted}) it gets {@code 202 Accepted} at once and
	 * polls. The progress shows in both. Parameters out of range are refused with a {@code 400} problem before any
	 * work starts.
	 */
	@LongRunning
	@GetMapping("/reports/sales")
	SalesReport sales(@RequestParam(defaultValue = "30") @Min(1) @Max(366) int days,
			@RequestParam(defaultValue = "800") @Min(0) @Max(60_000) long millisPerRegion, Progress progress)
			throws InterruptedException {
		List<RegionTotal> totals = new ArrayList<>();
		for (String region : REGIONS) {
			progress.update(100 * totals.size() / REGIONS.size(), "Adding up " + region);
			Thread.sleep(millisPerRegion);
			long cents = ThreadLocalRandom.current().nextLong(100_000, 10_000_000) * days;
			totals.add(new RegionTotal(region, cents / 100.0));
		}
		return new SalesReport(LocalDate.now().minusDays(days), LocalDate.now(), totals);
	}

	/**
	 * A region's name, answered at once: no interim responses.
	 */
	@GetMapping("/regions/{index}")
	String region(@PathVariable int index) {
		return REGIONS.get(Math.floorMod(index, REGIONS.size()));
	}

	record SalesReport(LocalDate from, LocalDate to, List<RegionTotal> regions) {
	}

	record RegionTotal(String region, double total) {
	}

}
