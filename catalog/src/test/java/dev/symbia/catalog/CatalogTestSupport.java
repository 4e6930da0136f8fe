package dev.symbia.catalog;

import dev.symbia.relay.testing.RecordingRelay;
import dev.symbia.test.service.ApiTestSupport;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * One context (one database) for the catalog's REST tests (libs/test {@link ApiTestSupport}: real tokens from the
 * shared TestIdentity, unique ids, problem checks), a {@link RecordingRelay} in place of the network. Tests use
 * unique org ids and keys so they never see each other's rows (bootstrap's platform resources are there too, as on a
 * live start).
 */
@CatalogTestContext
public abstract class CatalogTestSupport extends ApiTestSupport {

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        /** The relay is off in tests; catalog events land here instead. */
        @Bean
        RecordingRelay recordingRelay() {
            return new RecordingRelay("catalog");
        }
    }

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected RecordingRelay relay;

    /** Creates a resource and returns its JSON. */
    protected JsonNode create(String token, Object body) {
        return post("/api/resources", body, token).expect(201).body();
    }

    protected static Map<String, Object> componentManifest(String key, String version) {
        return map("manifest", map("key", key, "version", version, "implementation", "builtin",
                "inputs", java.util.List.of(map("name", "in")), "outputs", java.util.List.of(map("name", "out"))));
    }
}
