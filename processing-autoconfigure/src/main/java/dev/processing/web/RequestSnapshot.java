package dev.processing.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedCaseInsensitiveMap;

/**
 * A read-only copy of a request, taken once its handler's arguments are resolved, for the work of a
 * {@code 202 Accepted} operation and the rendering of its result after the request itself has ended.
 * <p>
 * It has the request's method, URL, header fields, parameters, attributes, locales, principal and the session that
 * existed. It has no body (it was read), cannot create a session, start async processing, dispatch, authenticate or
 * upgrade: those throw {@link UnsupportedOperationException}.
 *
 * @since 0.1.0
 */
final class RequestSnapshot implements HttpServletRequest {

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final Map<String, List<String>> headers = new LinkedCaseInsensitiveMap<>(Locale.ROOT);

	private final Map<String, String[]> parameters = new LinkedHashMap<>();

	private final List<Locale> locales = new ArrayList<>();

	private final @Nullable Cookie[] cookies;

	private @Nullable String characterEncoding;

	private final long contentLength;

	private final @Nullable String contentType;

	private final String protocol;

	private final String scheme;

	private final String serverName;

	private final int serverPort;

	private final String remoteAddr;

	private final String remoteHost;

	private final int remotePort;

	private final String localName;

	private final String localAddr;

	private final int localPort;

	private final boolean secure;

	private final ServletContext servletContext;

	private final String requestId;

	private final @Nullable String authType;

	private final String method;

	private final @Nullable String pathInfo;

	private final @Nullable String pathTranslated;

	private final String contextPath;

	private final @Nullable String queryString;

	private final @Nullable String remoteUser;

	private final @Nullable Principal principal;

	private final @Nullable String requestedSessionId;

	private final String requestUri;

	private final String requestUrl;

	private final String servletPath;

	private final HttpServletMapping servletMapping;

	private final @Nullable HttpSession session;

	private RequestSnapshot(HttpServletRequest request) {
		for (String name : Collections.list(request.getAttributeNames())) {
			Object value = request.getAttribute(name);
			// Request-scoped beans end with the request: the detached work gets its own.
			if (value != null && !ScopedProxyUtils.isScopedTarget(name)) {
				this.attributes.put(name, value);
			}
		}
		for (String name : Collections.list(request.getHeaderNames())) {
			this.headers.put(name, Collections.list(request.getHeaders(name)));
		}
		request.getParameterMap().forEach((name, values) -> this.parameters.put(name, values.clone()));
		this.locales.addAll(Collections.list(request.getLocales()));
		Cookie[] cookies = request.getCookies();
		this.cookies = (cookies != null) ? cookies.clone() : null;
		this.characterEncoding = request.getCharacterEncoding();
		this.contentLength = request.getContentLengthLong();
		this.contentType = request.getContentType();
		this.protocol = request.getProtocol();
		this.scheme = request.getScheme();
		this.serverName = request.getServerName();
		this.serverPort = request.getServerPort();
		this.remoteAddr = request.getRemoteAddr();
		this.remoteHost = request.getRemoteHost();
		this.remotePort = request.getRemotePort();
		this.localName = request.getLocalName();
		this.localAddr = request.getLocalAddr();
		this.localPort = request.getLocalPort();
		this.secure = request.isSecure();
		this.servletContext = request.getServletContext();
		this.requestId = request.getRequestId();
		this.authType = request.getAuthType();
		this.method = request.getMethod();
		this.pathInfo = request.getPathInfo();
		this.pathTranslated = request.getPathTranslated();
		this.contextPath = request.getContextPath();
		this.queryString = request.getQueryString();
		this.remoteUser = request.getRemoteUser();
		this.principal = request.getUserPrincipal();
		this.requestedSessionId = request.getRequestedSessionId();
		this.requestUri = request.getRequestURI();
		this.requestUrl = request.getRequestURL().toString();
		this.servletPath = request.getServletPath();
		this.servletMapping = request.getHttpServletMapping();
		this.session = request.getSession(false);
	}

	/**
	 * Take a snapshot of a request.
	 * @param request the request, while it is being handled
	 * @return the snapshot
	 */
	static RequestSnapshot of(HttpServletRequest request) {
		return new RequestSnapshot(request);
	}

	private static UnsupportedOperationException unavailable(String what) {
		return new UnsupportedOperationException(what + " is not available to the detached work of a 202 Accepted "
				+ "operation; the request it came from has already been answered");
	}

	@Override
	public @Nullable Object getAttribute(String name) {
		return this.attributes.get(name);
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		return Collections.enumeration(new ArrayList<>(this.attributes.keySet()));
	}

	@Override
	public void setAttribute(String name, @Nullable Object value) {
		if (value == null) {
			this.attributes.remove(name);
		}
		else {
			this.attributes.put(name, value);
		}
	}

	@Override
	public void removeAttribute(String name) {
		this.attributes.remove(name);
	}

	@Override
	public @Nullable String getCharacterEncoding() {
		return this.characterEncoding;
	}

	@Override
	public void setCharacterEncoding(String encoding) throws UnsupportedEncodingException {
		this.characterEncoding = encoding;
	}

	@Override
	public int getContentLength() {
		return (this.contentLength > Integer.MAX_VALUE) ? -1 : (int) this.contentLength;
	}

	@Override
	public long getContentLengthLong() {
		return this.contentLength;
	}

	@Override
	public @Nullable String getContentType() {
		return this.contentType;
	}

	@Override
	public ServletInputStream getInputStream() {
		return new ServletInputStream() {

			@Override
			public int read() {
				return -1;
			}

			@Override
			public boolean isFinished() {
				return true;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener readListener) {
				throw unavailable("Non-blocking reading");
			}

		};
	}

	@Override
	public BufferedReader getReader() {
		Charset charset = (this.characterEncoding != null) ? Charset.forName(this.characterEncoding)
				: StandardCharsets.ISO_8859_1;
		return new BufferedReader(new InputStreamReader(getInputStream(), charset));
	}

	@Override
	public @Nullable String getParameter(String name) {
		String[] values = this.parameters.get(name);
		return (values != null && values.length > 0) ? values[0] : null;
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(this.parameters.keySet());
	}

	@Override
	public String @Nullable [] getParameterValues(String name) {
		String[] values = this.parameters.get(name);
		return (values != null) ? values.clone() : null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return Collections.unmodifiableMap(this.parameters);
	}

	@Override
	public String getProtocol() {
		return this.protocol;
	}

	@Override
	public String getScheme() {
		return this.scheme;
	}

	@Override
	public String getServerName() {
		return this.serverName;
	}

	@Override
	public int getServerPort() {
		return this.serverPort;
	}

	@Override
	public String getRemoteAddr() {
		return this.remoteAddr;
	}

	@Override
	public String getRemoteHost() {
		return this.remoteHost;
	}

	@Override
	public Locale getLocale() {
		return this.locales.isEmpty() ? Locale.getDefault() : this.locales.get(0);
	}

	@Override
	public Enumeration<Locale> getLocales() {
		return Collections.enumeration(this.locales);
	}

	@Override
	public boolean isSecure() {
		return this.secure;
	}

	@Override
	public RequestDispatcher getRequestDispatcher(String path) {
		throw unavailable("Dispatching");
	}

	@Override
	public int getRemotePort() {
		return this.remotePort;
	}

	@Override
	public String getLocalName() {
		return this.localName;
	}

	@Override
	public String getLocalAddr() {
		return this.localAddr;
	}

	@Override
	public int getLocalPort() {
		return this.localPort;
	}

	@Override
	public ServletContext getServletContext() {
		return this.servletContext;
	}

	@Override
	public AsyncContext startAsync() {
		throw unavailable("Async processing");
	}

	@Override
	public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
		throw unavailable("Async processing");
	}

	@Override
	public boolean isAsyncStarted() {
		return false;
	}

	@Override
	public boolean isAsyncSupported() {
		return false;
	}

	@Override
	public AsyncContext getAsyncContext() {
		throw new IllegalStateException("Async processing has not been started");
	}

	@Override
	public DispatcherType getDispatcherType() {
		return DispatcherType.REQUEST;
	}

	@Override
	public String getRequestId() {
		return this.requestId;
	}

	@Override
	public String getProtocolRequestId() {
		return "";
	}

	@Override
	public ServletConnection getServletConnection() {
		throw unavailable("The connection");
	}

	@Override
	public @Nullable String getAuthType() {
		return this.authType;
	}

	@Override
	public Cookie @Nullable [] getCookies() {
		return (this.cookies != null) ? this.cookies.clone() : null;
	}

	@Override
	public long getDateHeader(String name) {
		List<String> values = this.headers.get(name);
		if (values == null || values.isEmpty()) {
			return -1;
		}
		HttpHeaders parsed = new HttpHeaders();
		parsed.addAll(name, values);
		return parsed.getFirstDate(name);
	}

	@Override
	public @Nullable String getHeader(String name) {
		List<String> values = this.headers.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		List<String> values = this.headers.get(name);
		return Collections.enumeration((values != null) ? values : List.of());
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		return Collections.enumeration(this.headers.keySet());
	}

	@Override
	public int getIntHeader(String name) {
		String value = getHeader(name);
		return (value != null) ? Integer.parseInt(value) : -1;
	}

	@Override
	public HttpServletMapping getHttpServletMapping() {
		return this.servletMapping;
	}

	@Override
	public String getMethod() {
		return this.method;
	}

	@Override
	public @Nullable String getPathInfo() {
		return this.pathInfo;
	}

	@Override
	public @Nullable String getPathTranslated() {
		return this.pathTranslated;
	}

	@Override
	public String getContextPath() {
		return this.contextPath;
	}

	@Override
	public @Nullable String getQueryString() {
		return this.queryString;
	}

	@Override
	public @Nullable String getRemoteUser() {
		return this.remoteUser;
	}

	@Override
	public boolean isUserInRole(String role) {
		throw unavailable("Checking the roles of the request's user");
	}

	@Override
	public @Nullable Principal getUserPrincipal() {
		return this.principal;
	}

	@Override
	public @Nullable String getRequestedSessionId() {
		return this.requestedSessionId;
	}

	@Override
	public String getRequestURI() {
		return this.requestUri;
	}

	@Override
	public StringBuffer getRequestURL() {
		return new StringBuffer(this.requestUrl);
	}

	@Override
	public String getServletPath() {
		return this.servletPath;
	}

	@Override
	public @Nullable HttpSession getSession(boolean create) {
		if (this.session == null && create) {
			throw unavailable("Creating a session");
		}
		return this.session;
	}

	@Override
	public HttpSession getSession() {
		if (this.session == null) {
			throw unavailable("Creating a session");
		}
		return this.session;
	}

	@Override
	public String changeSessionId() {
		throw unavailable("Changing the session id");
	}

	@Override
	public boolean isRequestedSessionIdValid() {
		return this.session != null && this.requestedSessionId != null
				&& this.requestedSessionId.equals(this.session.getId());
	}

	@Override
	public boolean isRequestedSessionIdFromCookie() {
		return false;
	}

	@Override
	public boolean isRequestedSessionIdFromURL() {
		return false;
	}

	@Override
	public boolean authenticate(HttpServletResponse response) {
		throw unavailable("Authenticating");
	}

	@Override
	public void login(String username, String password) {
		throw unavailable("Logging in");
	}

	@Override
	public void logout() {
		throw unavailable("Logging out");
	}

	@Override
	public List<Part> getParts() throws IOException {
		throw unavailable("The request body");
	}

	@Override
	public Part getPart(String name) throws IOException {
		throw unavailable("The request body");
	}

	@Override
	public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) {
		throw unavailable("Upgrading the connection");
	}

}
