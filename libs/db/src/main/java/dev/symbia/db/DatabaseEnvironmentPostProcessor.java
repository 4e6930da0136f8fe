package dev.symbia.db;

import dev.symbia.core.RuntimeMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a service at its database and its own schema (SPEC §10) before any bean exists.
 *
 * <p>{@code <SERVICE>_DATABASE_URL} wins over {@code DATABASE_URL}. The service's schema is named
 * after {@code spring.application.name}; Flyway creates and migrates it, and the JDBC
 * {@code currentSchema} makes it the default for the service's own SQL. Explicit
 * {@code spring.datasource.*} properties (tests) still win, since this source is added last.
 * Outside production, a service with no URL uses the local embedded PostgreSQL that start.sh runs.
 */
public class DatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "symbia-database";
    /** Where start.sh's embedded PostgreSQL listens unless told otherwise. */
    static final String LOCAL_DEV_URL = "postgres://postgres@127.0.0.1:15432/postgres";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String service = environment.getProperty("spring.application.name");
        if (service == null || service.isBlank()
                || !environment.getProperty("symbia.database.enabled", Boolean.class, true)) {
            return;
        }
        String schema = schemaName(service);
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.flyway.schemas", schema);
        properties.put("spring.flyway.default-schema", schema);
        properties.put("spring.flyway.create-schemas", "true");
        properties.put("spring.flyway.locations", "classpath:db/migration");
        // Nine services share one PostgreSQL: small pools, fail fast when it is unreachable.
        properties.put("spring.datasource.hikari.maximum-pool-size", "10");
        properties.put("spring.datasource.hikari.minimum-idle", "1");
        properties.put("spring.datasource.hikari.connection-timeout", "5000");
        properties.put("spring.datasource.hikari.pool-name", service + "-db");
        // Ready means the database answers, not only that the process is up.
        properties.put("management.endpoint.health.group.readiness.include", "readinessState,db");

        if (!environment.containsProperty("spring.datasource.url")) {
            String raw = firstNonBlank(
                    environment.getProperty(service.toUpperCase(Locale.ROOT) + "_DATABASE_URL"),
                    environment.getProperty("DATABASE_URL"));
            if (raw == null) {
                RuntimeMode mode = RuntimeMode.parse(environment.getProperty(RuntimeMode.ENV));
                if (mode.isProduction()) {
                    throw new IllegalStateException("No database configured: set DATABASE_URL (or "
                            + service.toUpperCase(Locale.ROOT) + "_DATABASE_URL). "
                            + "Set SYMBIA_ENV=development to use the local embedded PostgreSQL.");
                }
                raw = LOCAL_DEV_URL;
            }
            DatabaseUrl url = DatabaseUrl.parse(raw)
                    .withParameter("currentSchema", schema)
                    .withParameter("ApplicationName", service);
            properties.put("spring.datasource.url", url.jdbcUrl());
            if (url.username() != null) {
                properties.put("spring.datasource.username", url.username());
            }
            if (url.password() != null) {
                properties.put("spring.datasource.password", url.password());
            }
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, properties));
    }

    /** Schema names are plain identifiers: lower case, letters, digits and underscores. */
    static String schemaName(String service) {
        String schema = service.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return Character.isDigit(schema.charAt(0)) ? "s_" + schema : schema;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
