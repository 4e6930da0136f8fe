package dev.symbia.test.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every Spring test context at {@link TestIdentity#shared()}, with nothing to annotate:
 * {@code symbia.auth.identity-url} (where symbia-auth fetches the JWKS, introspects API keys and
 * gets service tokens) — unless the test configured an identity itself — plus
 * {@code symbia.test.identity.url} and {@code symbia.test.identity.service-secret} for tests that
 * want a service token, e.g. {@code INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}}.
 * A test never reaches a real identity because of a developer's environment. Set
 * {@code symbia.test.identity.enabled=false} to opt out.
 */
class TestIdentityContextCustomizerFactory implements ContextCustomizerFactory {

    static final String IDENTITY_URL = "symbia.auth.identity-url";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new SharedIdentityCustomizer();
    }

    static final class SharedIdentityCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            ConfigurableEnvironment environment = context.getEnvironment();
            if ("false".equals(environment.getProperty("symbia.test.identity.enabled"))) {
                return;
            }
            TestIdentity identity = TestIdentity.shared();
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("symbia.test.identity.url", identity.url());
            properties.put("symbia.test.identity.service-secret", identity.serviceSecret());
            if (!configuredByTheTest(environment)) {
                properties.put(IDENTITY_URL, identity.url());
            }
            // First, so a SYMBIA_AUTH_IDENTITY_URL in the developer's shell cannot win over the fake.
            environment.getPropertySources().addFirst(new MapPropertySource("symbia-test-identity", properties));
        }

        /** Set by the test or the service's own config — not by the OS environment or JVM flags. */
        private static boolean configuredByTheTest(ConfigurableEnvironment environment) {
            for (PropertySource<?> source : environment.getPropertySources()) {
                if (source.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
                        || source.getName().equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME)) {
                    continue;
                }
                if (source.getProperty(IDENTITY_URL) instanceof Object value && !value.toString().isBlank()) {
                    return true;
                }
            }
            return false;
        }

        // All instances are equal so that Spring's context cache keeps working across test classes.
        @Override
        public boolean equals(Object other) {
            return other instanceof SharedIdentityCustomizer;
        }

        @Override
        public int hashCode() {
            return SharedIdentityCustomizer.class.hashCode();
        }
    }
}
