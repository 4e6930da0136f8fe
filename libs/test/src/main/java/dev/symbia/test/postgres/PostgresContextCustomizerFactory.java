package dev.symbia.test.postgres;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Gives every Spring test context in a module that depends on symbia-test its own new database,
 * with nothing to annotate: the service then migrates its schema into it as it would in
 * production. Contexts are cached by Spring as usual, so one context keeps one database.
 */
class PostgresContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new FreshDatabaseCustomizer();
    }

    static final class FreshDatabaseCustomizer implements ContextCustomizer {

        private static final String DATA_SOURCE_AUTO_CONFIGURATION =
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            if ("false".equals(context.getEnvironment().getProperty("symbia.database.enabled"))
                    || !ClassUtils.isPresent(DATA_SOURCE_AUTO_CONFIGURATION, context.getClassLoader())) {
                return; // no JDBC in this module (a library, the gateway): no database to give it
            }
            TestDatabase database = TestPostgres.freshDatabase();
            String schemaUrl = database.jdbcUrl();
            String service = context.getEnvironment().getProperty("spring.application.name");
            if (service != null) {
                schemaUrl += "?currentSchema=" + service.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase();
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("symbia-test-database", Map.of(
                    "spring.datasource.url", schemaUrl,
                    "spring.datasource.username", database.username(),
                    "spring.datasource.password", database.password(),
                    "symbia.test.database-name", database.name())));
        }

        // All instances are equal so that Spring's context cache keeps working across test classes.
        @Override
        public boolean equals(Object other) {
            return other instanceof FreshDatabaseCustomizer;
        }

        @Override
        public int hashCode() {
            return FreshDatabaseCustomizer.class.hashCode();
        }
    }
}
