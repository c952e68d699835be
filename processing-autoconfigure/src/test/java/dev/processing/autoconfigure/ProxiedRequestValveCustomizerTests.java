package dev.processing.autoconfigure;

import java.util.List;

import dev.processing.tomcat.ProxiedRequestValve;
import dev.processing.web.ClientInterimPolicy;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProxiedRequestValveCustomizer}: a marker in front of Tomcat's {@code RemoteIpValve} only, looking
 * only for the fields that valve removes.
 */
class ProxiedRequestValveCustomizerTests {

	@Test
	void withoutRemoteIpValveNoMarkerIsAdded() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		new ProxiedRequestValveCustomizer(ClientInterimPolicy.DEFAULT_PROXY_HEADERS).customize(factory);
		assertThat(factory.getEngineValves()).isEmpty();
	}

	@Test
	void markerComesBeforeTheRemoteIpValve() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		RemoteIpValve remoteIp = new RemoteIpValve();
		factory.addEngineValves(remoteIp);
		new ProxiedRequestValveCustomizer(ClientInterimPolicy.DEFAULT_PROXY_HEADERS).customize(factory);
		assertThat(factory.getEngineValves()).hasSize(2).last().isSameAs(remoteIp);
		assertThat(factory.getEngineValves()).first()
			.isInstanceOf(ProxiedRequestValve.class)
			.extracting("headers")
			.isEqualTo(List.of("X-Forwarded-For"));
	}

	@Test
	void noMarkerWhenTheRemoteIpValveRemovesNoProxyHeaderOfThePolicy() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		RemoteIpValve remoteIp = new RemoteIpValve();
		remoteIp.setRemoteIpHeader("X-Client-IP");
		factory.addEngineValves(remoteIp);
		new ProxiedRequestValveCustomizer(ClientInterimPolicy.DEFAULT_PROXY_HEADERS).customize(factory);
		assertThat(factory.getEngineValves()).containsExactly(remoteIp);
	}

}
