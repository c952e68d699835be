package dev.processing.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.processing.ProcessingMode;
import dev.processing.web.ClientInterimPolicy;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata that the build puts in the jar, from which IDEs describe and complete the
 * {@code processing.*} properties.
 */
class ConfigurationMetadataTests {

	private static final String LOCATION = "META-INF/spring-configuration-metadata.json";

	private static final String ADDITIONAL_LOCATION = "META-INF/additional-spring-configuration-metadata.json";

	private static final String JDBC_PREFIX = "processing.accepted.store.jdbc.";

	/**
	 * The properties without a default value, each with the reason: their descriptions say what happens when they
	 * are not set.
	 */
	private static final Map<String, String> WITHOUT_DEFAULT_VALUE = Map.of(
			"processing.accepted.instance-id", "computed at every start from the host name and a random suffix",
			"processing.accepted.store.jdbc.platform", "detected from the database when not set",
			"processing.interim.max-count", "not set means no limit, which no number says",
			"processing.interim.proxy.max-count", "not set means no limit, which no number says",
			"processing.interim.clients", "empty; the built-in rules it adds to are the hints of its keys");

	private static final JsonNode metadata = read(LOCATION);

	@Test
	void everyPropertyHasADescription() {
		assertThat(propertiesWithoutDescription()).as("processing.* properties without a description").isEmpty();
	}

	@Test
	void everyPropertyHasADefaultValueUnlessItCannotHaveOne() {
		assertThat(propertiesWithoutDefaultValue()).as("processing.* properties without a default value")
			.containsExactlyInAnyOrderElementsOf(WITHOUT_DEFAULT_VALUE.keySet());
	}

	@Test
	void mergedMetadataHasWhatTheAdditionalFileSays() {
		// The compiler runs the processor again only when a source file changed, not when the additional file did.
		String stale = "%s of %s in " + LOCATION + ": compile again (clean) so that the processor merges "
				+ ADDITIONAL_LOCATION;
		JsonNode additional = read(ADDITIONAL_LOCATION);
		for (JsonNode entry : additional.get("properties")) {
			String name = entry.get("name").asString();
			JsonNode merged = find(metadata.get("properties"), name);
			entry.propertyStream()
				.forEach((field) -> assertThat(merged.get(field.getKey())).as(stale, field.getKey(), name)
					.isEqualTo(field.getValue()));
		}
		for (JsonNode hint : additional.get("hints")) {
			String name = hint.get("name").asString();
			assertThat(find(metadata.get("hints"), name)).as(stale, "hints", name).isEqualTo(hint);
		}
	}

	@Test
	void defaultValuesAreTheDefaultsOfTheCode() {
		ConversionService conversionService = ApplicationConversionService.getSharedInstance();
		BeanWrapper processing = PropertyAccessorFactory.forBeanPropertyAccess(new ProcessingProperties());
		BeanWrapper jdbc = PropertyAccessorFactory.forBeanPropertyAccess(new JdbcOperationStoreProperties());
		List<JsonNode> withDefaults = properties().stream().filter((property) -> property.has("defaultValue")).toList();
		assertThat(withDefaults).isNotEmpty();
		for (JsonNode property : withDefaults) {
			String name = property.get("name").asString();
			BeanWrapper bean = name.startsWith(JDBC_PREFIX) ? jdbc : processing;
			String path = camelCase(name.substring(name.startsWith(JDBC_PREFIX) ? JDBC_PREFIX.length()
					: "processing.".length()));
			Object documented = plain(property.get("defaultValue"));
			Object converted = conversionService.convert(documented, TypeDescriptor.forObject(documented),
					bean.getPropertyTypeDescriptor(path));
			assertThat(converted).as(name).isEqualTo(bean.getPropertyValue(path));
		}
	}

	@Test
	void enumeratedPropertiesHaveAHintForEachValue() {
		// 'default' is for annotations: the property takes one of the other modes.
		Stream<ProcessingMode> modes = Arrays.stream(ProcessingMode.values())
			.filter((mode) -> mode != ProcessingMode.DEFAULT);
		assertThat(hintedValues("processing.mode")).containsExactlyInAnyOrderElementsOf(lowerCase(modes));
		assertThat(hintedValues("processing.accepted.store.type"))
			.containsExactlyInAnyOrderElementsOf(lowerCase(Arrays.stream(ProcessingProperties.StoreType.values())));
		assertThat(hintedValues(JDBC_PREFIX + "initialize-schema"))
			.containsExactlyInAnyOrderElementsOf(lowerCase(Arrays.stream(DatabaseInitializationMode.values())));
	}

	@Test
	void platformsHintedAreThoseWithASchemaScript() {
		assertThat(hintedValues(JDBC_PREFIX + "platform")).containsExactlyInAnyOrder("postgresql", "mysql", "h2")
			.allSatisfy((platform) -> assertThat(
					new ClassPathResource("dev/processing/operation/jdbc/schema-" + platform + ".sql").exists())
				.as(platform)
				.isTrue());
	}

	@Test
	void clientKeysHintedAreTheBuiltInRules() {
		assertThat(hintedValues("processing.interim.clients.keys"))
			.containsExactlyInAnyOrderElementsOf(ClientInterimPolicy.DEFAULT_LIMITS.keySet());
	}

	@Test
	void proxyHeadersHintedAreTheDefaultOnes() {
		assertThat(hintedValues("processing.interim.proxy.headers"))
			.containsExactlyElementsOf(ClientInterimPolicy.DEFAULT_PROXY_HEADERS);
	}

	private static List<String> propertiesWithoutDescription() {
		return names(properties().stream()
			.filter((property) -> !property.path("description").isString()
					|| property.get("description").asString().isBlank()));
	}

	private static List<String> propertiesWithoutDefaultValue() {
		return names(properties().stream()
			.filter((property) -> property.path("defaultValue").isMissingNode()
					|| property.get("defaultValue").isNull()));
	}

	private static List<String> names(Stream<JsonNode> properties) {
		return properties.map((property) -> property.get("name").asString()).toList();
	}

	private static List<JsonNode> properties() {
		return metadata.get("properties")
			.valueStream()
			.filter((property) -> property.get("name").asString().startsWith("processing."))
			.toList();
	}

	private static List<String> hintedValues(String name) {
		return find(metadata.get("hints"), name).path("values")
			.valueStream()
			.map((value) -> value.get("value").asString())
			.toList();
	}

	private static JsonNode find(JsonNode entries, String name) {
		return entries.valueStream()
			.filter((entry) -> entry.get("name").asString().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + name + " in " + LOCATION));
	}

	private static String camelCase(String kebabCase) {
		StringBuilder camelCase = new StringBuilder();
		boolean upper = false;
		for (char c : kebabCase.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				camelCase.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camelCase.toString();
	}

	private static Object plain(JsonNode value) {
		if (value.isArray()) {
			return value.valueStream().map(JsonNode::asString).toList();
		}
		if (value.isBoolean()) {
			return value.asBoolean();
		}
		return value.isNumber() ? (Object) value.asInt() : value.asString();
	}

	private static List<String> lowerCase(Stream<? extends Enum<?>> values) {
		return values.map((value) -> value.name().toLowerCase(Locale.ROOT)).toList();
	}

	// Spring Boot's jars have metadata too: this one is the file that describes processing.* properties.
	private static JsonNode read(String location) {
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> found = new ArrayList<>();
		try {
			for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader().getResources(location))) {
				try (InputStream in = url.openStream()) {
					JsonNode candidate = json.readTree(in);
					if (candidate.path("properties")
						.valueStream()
						.anyMatch((property) -> property.path("name").asString("").startsWith("processing."))) {
						found.add(candidate);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read " + location, ex);
		}
		assertThat(found).as(location + " with processing.* properties").hasSize(1);
		return found.get(0);
	}

}
