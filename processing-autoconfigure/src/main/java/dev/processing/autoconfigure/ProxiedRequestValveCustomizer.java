package dev.processing.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.processing.tomcat.ProxiedRequestValve;
import dev.processing.web.ClientInterimPolicy;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts a {@link ProxiedRequestValve} in front of Tomcat's {@code RemoteIpValve}, when there is one
 * ({@code server.forward-headers-strategy=native}), so that the interim policy still knows a request that came
 * through a proxy after that valve has removed the proxy header fields it reads ({@code X-Forwarded-For} and
 * {@code X-Forwarded-By} unless configured otherwise). The marker looks only for those of them that are proxy
 * headers of the policy: the policy sees the others itself. Runs after Spring Boot's own Tomcat customizer, which
 * adds the {@code RemoteIpValve}.
 */
final class ProxiedRequestValveCustomizer
		implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final Collection<String> headers;

	ProxiedRequestValveCustomizer(Collection<String> headers) {
		this.headers = headers;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		Set<String> removed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		for (Valve valve : factory.getEngineValves()) {
			if (valve instanceof RemoteIpValve remoteIp) {
				removed.add(remoteIp.getRemoteIpHeader());
				removed.add(remoteIp.getProxiesHeader());
			}
		}
		List<String> marked = this.headers.stream().filter(removed::contains).toList();
		if (marked.isEmpty()) {
			return;
		}
		List<Valve> valves = new ArrayList<>();
		valves.add(new ProxiedRequestValve(marked, ClientInterimPolicy.PROXIED_ATTRIBUTE));
		valves.addAll(factory.getEngineValves());
		factory.setEngineValves(valves);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
