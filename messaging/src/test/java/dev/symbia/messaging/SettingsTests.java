package dev.symbia.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The settings moved under {@code symbia.messaging.*} but kept their environment names
 * ({@code MESSAGING_<GROUP>_<NAME>}): application.yml maps every one, with the record's own default.
 */
class SettingsTests {

    private static final String PREFIX = "symbia.messaging.";

    private static List<PropertySource<?>> applicationYml() throws IOException {
        return new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
    }

    private static List<String> settings(List<PropertySource<?>> yml) {
        return yml.stream().flatMap(source -> Arrays.stream(((EnumerablePropertySource<?>) source).getPropertyNames()))
                .filter(name -> name.startsWith(PREFIX)).toList();
    }

    @Test
    void everySettingIsReadFromItsEnvironmentName() throws IOException {
        List<PropertySource<?>> yml = applicationYml();
        StandardEnvironment environment = new StandardEnvironment();
        yml.forEach(environment.getPropertySources()::addLast);
        Map<String, Object> variables = new HashMap<>();
        List<String> settings = settings(yml);
        settings.forEach(name -> variables.put(environmentName(name), "set:" + name));
        environment.getPropertySources().addFirst(new MapPropertySource("environment", variables));

        assertThat(settings).contains("symbia.messaging.live.heartbeat", "symbia.messaging.chat.read-timeout");
        assertThat(settings).allSatisfy(name -> assertThat(environment.getProperty(name)).isEqualTo("set:" + name));
        assertThat(variables).containsKeys("MESSAGING_LIVE_RETENTION", "MESSAGING_LIVE_HEARTBEAT",
                "MESSAGING_LIVE_MAX_CONNECTIONS", "MESSAGING_LIVE_MAX_STREAMS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev.symbia.messaging.chat.ChatProperties", "dev.symbia.messaging.live.LiveProperties",
            "dev.symbia.messaging.message.MessageProperties", "dev.symbia.messaging.conversation.ConversationProperties"})
    void everyFieldOfTheRecordIsMappedWithItsOwnDefault(String type) throws Exception {
        Class<?> record = Class.forName(type);
        String prefix = record.getAnnotation(ConfigurationProperties.class).value();
        assertThat(prefix + ".").startsWith(PREFIX);
        RecordComponent[] components = record.getRecordComponents();
        Constructor<?> canonical = record.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        PropertySource<?> yml = applicationYml().getFirst();
        for (int i = 0; i < components.length; i++) {
            String name = prefix + "." + kebab(components[i].getName());
            String declared = canonical.getParameters()[i].getAnnotation(DefaultValue.class).value()[0];
            assertThat(yml.getProperty(name)).as(name).hasToString(
                    "${" + environmentName(name) + ":" + declared + "}");
        }
    }

    private static String environmentName(String setting) {
        return setting.substring("symbia.".length()).replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
