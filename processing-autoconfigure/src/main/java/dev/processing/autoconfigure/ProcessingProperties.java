package dev.processing.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.processing.ProcessingMode;
import dev.processing.operation.redis.RedisOperationStore;
import dev.processing.web.ClientInterimPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the processing starter.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("processing")
public class ProcessingProperties {

	// A token (RFC 9110 §5.6.2).
	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	/**
	 * Whether @LongRunning handlers get 102 Processing responses or 202 Accepted operations.
	 */
	private boolean enabled = true;

	/**
	 * How long-running handlers keep their clients informed, unless an annotation says otherwise: 'interim' (102
	 * Processing) or 'accepted' (202 Accepted and a status monitor).
	 */
	private ProcessingMode mode = ProcessingMode.INTERIM;

	private final Interim interim = new Interim();

	private final Accepted accepted = new Accepted();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public ProcessingMode getMode() {
		return this.mode;
	}

	public void setMode(ProcessingMode mode) {
		Assert.isTrue(mode != ProcessingMode.DEFAULT, "must be 'interim' or 'accepted'");
		this.mode = mode;
	}

	public Interim getInterim() {
		return this.interim;
	}

	public Accepted getAccepted() {
		return this.accepted;
	}

	/**
	 * Interim ({@code 102 Processing}) responses.
	 *
	 * @since 0.1.0
	 */
	public static class Interim {

		/**
		 * How long a long-running handler may work before the first 102 Processing response.
		 */
		private Duration initialDelay = Duration.ofSeconds(15);

		/**
		 * How long to wait between two 102 Processing responses.
		 */
		private Duration interval = Duration.ofSeconds(15);

		/**
		 * Whether 102 Processing responses carry the handler's progress as 'Progress' and 'Progress-Message' header
		 * fields.
		 */
		private boolean progressHeaders = true;

		/**
		 * Most 102 Processing responses a request may get, whatever its client; no limit if not set.
		 */
		private @Nullable Integer maxCount;

		/**
		 * Whether only requests that ask with 'Prefer: processing' get 102 Processing responses.
		 */
		private boolean strict;

		/**
		 * Most 102 Processing responses for a client, by User-Agent product, optionally with the start of its
		 * version, in brackets ('processing.interim.clients[okhttp/4]=1'); these add to and override the built-in
		 * rules.
		 */
		private Map<String, Integer> clients = new LinkedHashMap<>();

		/**
		 * Most 102 Processing responses for a request without a User-Agent (Python's http.client sends none, nor
		 * does Node's http, and only one of them copes with 102s).
		 */
		private int withoutUserAgent;

		private final Proxy proxy = new Proxy();

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			assertPositive(initialDelay);
			this.initialDelay = initialDelay;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			assertPositive(interval);
			this.interval = interval;
		}

		public @Nullable Integer getMaxCount() {
			return this.maxCount;
		}

		public void setMaxCount(@Nullable Integer maxCount) {
			Assert.isTrue(maxCount == null || maxCount >= 0, "must not be negative");
			this.maxCount = maxCount;
		}

		public boolean isStrict() {
			return this.strict;
		}

		public void setStrict(boolean strict) {
			this.strict = strict;
		}

		public Map<String, Integer> getClients() {
			return this.clients;
		}

		public void setClients(Map<String, Integer> clients) {
			clients.forEach((client, limit) -> Assert.isTrue(limit != null && limit >= 0,
					() -> "the limit for '" + client + "' must not be negative"));
			this.clients = clients;
		}

		public int getWithoutUserAgent() {
			return this.withoutUserAgent;
		}

		public void setWithoutUserAgent(int withoutUserAgent) {
			Assert.isTrue(withoutUserAgent >= 0, "must not be negative");
			this.withoutUserAgent = withoutUserAgent;
		}

		public Proxy getProxy() {
			return this.proxy;
		}

		public boolean isProgressHeaders() {
			return this.progressHeaders;
		}

		public void setProgressHeaders(boolean progressHeaders) {
			this.progressHeaders = progressHeaders;
		}


		/**
		 * Proxies in front of the application.
		 *
		 * @since 0.1.0
		 */
		public static class Proxy {

			/**
			 * Whether the proxies in front forward 102 Processing responses (HAProxy does, Apache httpd up to nine,
			 * nginx does not); if not, a request that came through a proxy gets none.
			 */
			private boolean forwardsInterim;

			/**
			 * Most 102 Processing responses for a request that came through a proxy that forwards them (9 for
			 * Apache httpd, which fails the request at the tenth); no limit if not set.
			 */
			private @Nullable Integer maxCount;

			/**
			 * Request header fields by which a request is known to have come through a proxy.
			 */
			private Set<String> headers = new LinkedHashSet<>(ClientInterimPolicy.DEFAULT_PROXY_HEADERS);

			public boolean isForwardsInterim() {
				return this.forwardsInterim;
			}

			public void setForwardsInterim(boolean forwardsInterim) {
				this.forwardsInterim = forwardsInterim;
			}

			public @Nullable Integer getMaxCount() {
				return this.maxCount;
			}

			public void setMaxCount(@Nullable Integer maxCount) {
				Assert.isTrue(maxCount == null || maxCount >= 0, "must not be negative");
				this.maxCount = maxCount;
			}

			public Set<String> getHeaders() {
				return this.headers;
			}

			public void setHeaders(Set<String> headers) {
				headers.forEach((name) -> Assert.isTrue(name != null && HEADER_NAME.matcher(name).matches(),
						() -> "'" + name + "' is not a header field name"));
				this.headers = headers;
			}

		}

	}

	/**
	 * {@code 202 Accepted} operations and their status monitor.
	 *
	 * @since 0.1.0
	 */
	public static class Accepted {

		/**
		 * Path of the status monitors, under the servlet context path: GET and DELETE {base-path}/{id}, GET
		 * {base-path}/{id}/result.
		 */
		private String basePath = "/operations";

		/**
		 * How long clients should wait before they poll again, sent as Retry-After in whole seconds.
		 */
		private Duration retryAfter = Duration.ofSeconds(5);

		/**
		 * Whether a 'Prefer: respond-async' request header switches a long-running handler to 202 Accepted, and
		 * 'Prefer: wait' is honored.
		 */
		private boolean honorPrefer = true;

		/**
		 * Longest 'Prefer: wait' honored; a client that asks to wait longer waits this long.
		 */
		private Duration maxWait = Duration.ofSeconds(30);

		/**
		 * Maximum number of operations that run at once.
		 */
		private int maxConcurrent = 8;

		/**
		 * Maximum number of operations that wait for a free worker; a submission beyond it gets 503.
		 */
		private int queueCapacity = 100;

		/**
		 * How long a finished operation and its result are kept.
		 */
		private Duration retention = Duration.ofHours(1);

		/**
		 * Maximum number of operations kept at once, finished ones included; a submission beyond it gets 503.
		 */
		private int maxOperations = 1000;

		/**
		 * Largest result kept per operation; an operation whose result is larger fails.
		 */
		private DataSize maxResultSize = DataSize.ofMegabytes(1);

		/**
		 * Id of this instance among those that share the operation store; by default the host name and a random
		 * suffix, new at every start.
		 */
		private String instanceId = defaultInstanceId();

		private final Lease lease = new Lease();

		private final Store store = new Store();

		public String getBasePath() {
			return this.basePath;
		}

		public void setBasePath(String basePath) {
			Assert.isTrue(basePath.startsWith("/") && basePath.length() > 1 && !basePath.endsWith("/"),
					"must start with '/' and not end with '/'");
			Assert.isTrue(basePath.chars().noneMatch((c) -> "{}*?;#% ".indexOf(c) >= 0),
					"must be a plain path, without patterns, parameters or encoded characters");
			this.basePath = basePath;
		}

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			Assert.isTrue(retryAfter.compareTo(Duration.ofSeconds(1)) >= 0, "must be at least 1s");
			this.retryAfter = retryAfter;
		}

		public boolean isHonorPrefer() {
			return this.honorPrefer;
		}

		public void setHonorPrefer(boolean honorPrefer) {
			this.honorPrefer = honorPrefer;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			Assert.isTrue(!maxWait.isNegative(), "must not be negative");
			this.maxWait = maxWait;
		}

		public int getMaxConcurrent() {
			return this.maxConcurrent;
		}

		public void setMaxConcurrent(int maxConcurrent) {
			Assert.isTrue(maxConcurrent > 0, "must be positive");
			this.maxConcurrent = maxConcurrent;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			Assert.isTrue(queueCapacity >= 0, "must not be negative");
			this.queueCapacity = queueCapacity;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			assertPositive(retention);
			this.retention = retention;
		}

		public int getMaxOperations() {
			return this.maxOperations;
		}

		public void setMaxOperations(int maxOperations) {
			Assert.isTrue(maxOperations > 0, "must be positive");
			this.maxOperations = maxOperations;
		}

		public DataSize getMaxResultSize() {
			return this.maxResultSize;
		}

		public void setMaxResultSize(DataSize maxResultSize) {
			Assert.isTrue(maxResultSize.toBytes() > 0, "must be positive");
			this.maxResultSize = maxResultSize;
		}

		public String getInstanceId() {
			return this.instanceId;
		}

		public void setInstanceId(String instanceId) {
			Assert.isTrue(!instanceId.isBlank() && instanceId.length() <= 255, "must have 1 to 255 characters");
			this.instanceId = instanceId;
		}

		public Lease getLease() {
			return this.lease;
		}

		public Store getStore() {
			return this.store;
		}

		private static String defaultInstanceId() {
			String host;
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				host = "localhost";
			}
			return host + "-" + UUID.randomUUID().toString().substring(0, 8);
		}

		/**
		 * Leases by which an instance shows that the operations it runs are still alive.
		 *
		 * @since 0.1.0
		 */
		public static class Lease {

			/**
			 * How long a lease lasts: an operation that is not done and whose instance has not renewed its lease for
			 * this long fails.
			 */
			private Duration duration = Duration.ofSeconds(30);

			/**
			 * How often an instance renews the leases of its operations, and looks for operations whose lease ran
			 * out or whose cancellation was requested on another instance.
			 */
			private Duration renewInterval = Duration.ofSeconds(10);

			public Duration getDuration() {
				return this.duration;
			}

			public void setDuration(Duration duration) {
				assertPositive(duration);
				this.duration = duration;
			}

			public Duration getRenewInterval() {
				return this.renewInterval;
			}

			public void setRenewInterval(Duration renewInterval) {
				assertPositive(renewInterval);
				this.renewInterval = renewInterval;
			}

		}

	}

	/**
	 * Where operations are kept. The JDBC store has settings of its own, under {@code processing.accepted.store.jdbc}.
	 *
	 * @since 0.1.0
	 */
	public static class Store {

		/**
		 * Kind of store: in this instance's memory, or shared by every instance in a database or in Redis.
		 */
		private StoreType type = StoreType.MEMORY;

		private final Redis redis = new Redis();

		public StoreType getType() {
			return this.type;
		}

		public void setType(StoreType type) {
			this.type = type;
		}

		public Redis getRedis() {
			return this.redis;
		}

		/**
		 * Settings of the store in Redis.
		 *
		 * @since 0.1.0
		 */
		public static class Redis {

			/**
			 * Prefix of every key the store uses.
			 */
			private String keyPrefix = RedisOperationStore.DEFAULT_KEY_PREFIX;

			public String getKeyPrefix() {
				return this.keyPrefix;
			}

			public void setKeyPrefix(String keyPrefix) {
				Assert.isTrue(!keyPrefix.isEmpty(), "must not be empty");
				this.keyPrefix = keyPrefix;
			}

		}

	}

	/**
	 * The kinds of operation store.
	 *
	 * @since 0.1.0
	 */
	public enum StoreType {

		/**
		 * In this instance's memory: operations are lost when it stops, and other instances do not see them.
		 */
		MEMORY,

		/**
		 * In a relational database, through the application's {@code DataSource}.
		 */
		JDBC,

		/**
		 * In Redis, through the application's Spring Data Redis connection factory.
		 */
		REDIS

	}

	private static void assertPositive(Duration duration) {
		Assert.isTrue(!duration.isNegative() && !duration.isZero(), "must be positive");
	}

}
