package dev.processing.tomcat;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * An engine valve, first in the pipeline, that marks a request with a request attribute when it carries one of the
 * given header fields that proxies add: Tomcat's {@code RemoteIpValve}, which comes after it, removes
 * {@code X-Forwarded-For} once it has read it.
 *
 * @since 0.1.0
 */
public class ProxiedRequestValve extends ValveBase {

	private final List<String> headers;

	private final String attribute;

	/**
	 * Create a valve.
	 * @param headers the header fields by which a request is known to have come through a proxy
	 * @param attribute the request attribute to set to {@link Boolean#TRUE} on such a request
	 */
	public ProxiedRequestValve(Collection<String> headers, String attribute) {
		super(true);
		this.headers = List.copyOf(headers);
		this.attribute = attribute;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		MimeHeaders fields = request.getCoyoteRequest().getMimeHeaders();
		for (String name : this.headers) {
			if (fields.getHeader(name) != null) {
				request.setAttribute(this.attribute, Boolean.TRUE);
				break;
			}
		}
		getNext().invoke(request, response);
	}

}
