package dev.processing.wire;

import dev.processing.LongRunning;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A long-running handler that writes to the servlet response itself, so it cannot run detached from its request.
 */
@RestController
class RawResponseHandler {

	@LongRunning
	@GetMapping("/raw/{key}")
	void raw(@PathVariable String key, HttpServletResponse response) throws Exception {
		Holds.await(key);
		response.setContentType("text/plain");
		response.getWriter().write("raw " + key);
	}

}
