package dev.symbia.test.replica;

import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Replicas of one service for cross-replica tests: whole applications started by hand (not Spring
 * test contexts, which would each get a database of their own) on one shared database, on free ports,
 * verifying tokens of the shared {@link TestIdentity}, without a relay, and listening for database
 * notifications every 50 ms.
 */
public final class Replicas {

    private Replicas() {
    }

    /**
     * Starts one replica of {@code application} whose tables live in {@code schema} of {@code database};
     * {@code extra} arguments ({@code --name=value}) are added last; give each name once (a name given twice binds
     * as both values, e.g. {@code 5s,2s}).
     */
    public static ConfigurableApplicationContext start(Class<?> application, TestDatabase database, String schema,
            String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl() + "?currentSchema=" + schema,
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--SYMBIA_ENV=test",
                "--symbia.auth.identity-url=" + TestIdentity.shared().url(),
                "--NETWORK_RELAY_ENABLED=false",
                "--symbia.db.notify.poll-interval=50ms",
                "--spring.lifecycle.timeout-per-shutdown-phase=5s"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
    }

    /** The port a started replica listens on. */
    public static int port(ConfigurableApplicationContext replica) {
        return Integer.parseInt(replica.getEnvironment().getProperty("local.server.port"));
    }
}
