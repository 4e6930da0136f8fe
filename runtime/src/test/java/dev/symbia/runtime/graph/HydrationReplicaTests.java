package dev.symbia.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.runtime.RuntimeApplication;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.auth.TestPrincipal;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import dev.symbia.test.replica.Replicas;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hydration with replicas sharing one database: both find the same published graphs at boot and on later passes,
 * yet each (org, key) loads once and a pipeline starts once. And {@code RUNTIME_AUTO_EXECUTE=false} loads a
 * pipeline without starting it.
 */
class HydrationReplicaTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TestIdentity IDENTITY = TestIdentity.shared();

    private final FakePublishedCatalog catalog = new FakePublishedCatalog();
    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    private final String org = "org-" + UUID.randomUUID();
    private final TestPrincipal owner = IDENTITY.user("owner-" + UUID.randomUUID()).member(org, "member");
    private final String pipe = "graphs/pipe-" + UUID.randomUUID();
    private final String plain = "graphs/plain-" + UUID.randomUUID();

    @AfterEach
    void stop() {
        replicas.forEach(ConfigurableApplicationContext::close);
        catalog.close();
    }

    private ConfigurableApplicationContext replica(TestDatabase database, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--INTERNAL_SERVICE_SECRET=" + IDENTITY.serviceSecret(),
                "--symbia.runtime.catalog-url=" + catalog.url(),
                "--symbia.runtime.catalog-poll=0ms",
                "--symbia.runtime.manifest-enforcement=off",
                "--symbia.runtime.register-manifests=false"));
        args.addAll(List.of(extra));
        ConfigurableApplicationContext replica = Replicas.start(RuntimeApplication.class, database, "runtime", args.toArray(String[]::new));
        replicas.add(replica);
        return replica;
    }

    private void publish() {
        catalog.add(pipe, org, owner.id(), "pipeline", definition("pipe"));
        catalog.add(plain, org, owner.id(), null, definition("plain"));
    }

    private static String definition(String name) {
        return JSON.writeValueAsString(Map.of("symbia", "1.0", "name", name,
                "nodes", List.of(Map.of("id", "entry", "component", "symbia.io.passthrough"),
                        Map.of("id", "out", "component", "symbia.io.collect")),
                "edges", List.of(Map.of("id", "e", "source", Map.of("node", "entry", "port", "out"),
                        "target", Map.of("node", "out", "port", "in")))));
    }

    private static long rows(ConfigurableApplicationContext replica, String table, String key) {
        return replica.getBean(JdbcClient.class).sql("SELECT count(*) FROM " + table + " WHERE graph_key = ?").param(key)
                .query(Long.class).single();
    }

    @Test
    void twoReplicasHydrateEachGraphOnceAndStartAPipelineOnce() throws Exception {
        publish();
        TestDatabase database = TestPostgres.freshDatabase();
        ConfigurableApplicationContext a = replica(database);
        ConfigurableApplicationContext b = replica(database);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(a, "graphs", pipe) == 1 && rows(a, "graphs", plain) == 1);

        // both passes at once, many times: the database lock lets one load and the other find it
        GraphHydration onA = a.getBean(GraphHydration.class);
        GraphHydration onB = b.getBean(GraphHydration.class);
        for (int round = 0; round < 3; round++) {
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Map<String, String>> first = CompletableFuture.supplyAsync(() -> awaitThen(go, onA::pass));
            CompletableFuture<Map<String, String>> second = CompletableFuture.supplyAsync(() -> awaitThen(go, onB::pass));
            go.countDown();
            assertThat(first.get().get(pipe)).isEqualTo("already loaded");
            assertThat(second.get().get(pipe)).isEqualTo("already loaded");
        }
        assertThat(rows(a, "graphs", pipe)).isEqualTo(1);
        assertThat(rows(a, "graphs", plain)).isEqualTo(1);
        assertThat(rows(a, "graph_executions", pipe)).isEqualTo(1);
        assertThat(rows(a, "graph_executions", plain)).isZero();
        // the owner sees it through either replica
        String listed = a.getBean(JdbcClient.class).sql("SELECT loaded_by FROM graphs WHERE graph_key = ?").param(pipe)
                .query(String.class).single();
        assertThat(listed).isEqualTo(owner.id());
    }

    @Test
    void aFreshGraphSeenByBothReplicasAtOnceLoadsOnce() throws Exception {
        TestDatabase database = TestPostgres.freshDatabase();
        ConfigurableApplicationContext a = replica(database);
        ConfigurableApplicationContext b = replica(database);
        publish();
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Map<String, String>> first = CompletableFuture.supplyAsync(() -> awaitThen(go, a.getBean(GraphHydration.class)::pass));
        CompletableFuture<Map<String, String>> second = CompletableFuture.supplyAsync(() -> awaitThen(go, b.getBean(GraphHydration.class)::pass));
        go.countDown();
        List<String> outcomes = List.of(first.get().get(pipe), second.get().get(pipe));
        assertThat(outcomes).filteredOn(o -> o.startsWith("loaded ")).hasSize(1);
        assertThat(outcomes).filteredOn("already loaded"::equals).hasSize(1);
        assertThat(rows(a, "graphs", pipe)).isEqualTo(1);
        assertThat(rows(a, "graph_executions", pipe)).isEqualTo(1);
    }

    @Test
    void withoutAutoExecutionAPipelineLoadsButDoesNotStart() {
        publish();
        ConfigurableApplicationContext replica = replica(TestPostgres.freshDatabase(), "--symbia.runtime.auto-execute=false");
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(replica, "graphs", pipe) == 1);
        // an auto-start would have committed with the graph row
        assertThat(rows(replica, "graph_executions", pipe)).isZero();
        assertThat(replica.getBean(GraphHydration.class).pass().get(pipe)).isEqualTo("already loaded");
        assertThat(rows(replica, "graph_executions", pipe)).isZero();
    }

    private static <T> T awaitThen(CountDownLatch go, java.util.function.Supplier<T> work) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return work.get();
    }
}
