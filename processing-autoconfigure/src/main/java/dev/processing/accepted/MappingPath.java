package dev.processing.accepted;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.RequestPath;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Finds the path under which the {@code DispatcherServlet} maps its handlers, and so the status monitors.
 *
 * @since 0.1.0
 */
public final class MappingPath {

	private MappingPath() {
	}

	/**
	 * Return the path before the path within the application: the servlet context path and, when the
	 * {@code DispatcherServlet} is not mapped to {@code /}, its servlet path.
	 * @param request the current request
	 * @return the path, empty for an application at the root
	 */
	public static String of(HttpServletRequest request) {
		if (ServletRequestPathUtils.hasParsedRequestPath(request)) {
			RequestPath path = ServletRequestPathUtils.getParsedRequestPath(request);
			String full = path.value();
			return full.substring(0, full.length() - path.pathWithinApplication().value().length());
		}
		String servletPathPrefix = ServletRequestPathUtils.getServletPathPrefix(request);
		return request.getContextPath() + ((servletPathPrefix != null) ? servletPathPrefix : "");
	}

}
