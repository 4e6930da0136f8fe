package dev.symbia.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.relay.testing.RecordingRelay;
import dev.symbia.runtime.RuntimeTestSupport;
import dev.symbia.test.auth.TestPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Published catalog graphs load by themselves (reference §2.8 step 3): at boot every org's published graph is
 * loaded as its owner and seen only by its org, a pipeline starts once, a graph that does not validate is skipped
 * while the rest load, an event about a newly published key loads it, and one that stops being published unloads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}", "symbia.runtime.catalog-poll=0ms",
        "symbia.runtime.manifest-enforcement=off", "symbia.runtime.register-manifests=false", "symbia.runtime.state-flush=100ms"})
@Import(GraphHydrationTests.TestBeans.class)
class GraphHydrationTests extends RuntimeTestSupport {

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        /** The relay is off in tests; catalog events are delivered through this one. */
        @Bean
        RecordingRelay recordingRelay() {
            return new RecordingRelay("runtime");
        }
    }

    private static final FakePublishedCatalog CATALOG = new FakePublishedCatalog();
    private static final String ORG_A = "org-a-" + UUID.randomUUID();
    private static final String ORG_B = "org-b-" + UUID.randomUUID();
    private static final TestPrincipal OWNER_A = IDENTITY.user("owner-a-" + UUID.randomUUID()).member(ORG_A, "member");
    private static final TestPrincipal OWNER_B = IDENTITY.user("owner-b-" + UUID.randomUUID()).member(ORG_B, "member");
    private static final String CALC = "graphs/calc-" + UUID.randomUUID();
    private static final String PIPE = "graphs/pipe-" + UUID.randomUUID();
    private static final String BROKEN = "graphs/broken-" + UUID.randomUUID();
    private static final String PLATFORM = "graphs/platform-" + UUID.randomUUID();
    private static final String DRAFT = "graphs/draft-" + UUID.randomUUID();

    static {
        // published before the runtime starts: the boot pass finds them (two list pages of the fake)
        CATALOG.add(CALC, ORG_A, OWNER_A.id(), null, calc("calc", 1));
        CATALOG.add(PIPE, ORG_B, OWNER_B.id(), "pipeline", JSON.writeValueAsString(graph("pipe", List.of(
                node("entry", "symbia.io.passthrough", null), node("out", "symbia.io.collect", null)),
                List.of(edge("entry", "out", "out", "in")))));
        CATALOG.add(BROKEN, ORG_A, OWNER_A.id(), null, JSON.writeValueAsString(graph("broken", List.of(
                node("entry", "symbia.io.passthrough", null), node("bad", "symbia.no.such", null)),
                List.of(edge("entry", "out", "bad", "in")))));
        CATALOG.add(PLATFORM, null, OWNER_A.id(), null, calc("platform", 2));
        CATALOG.add(DRAFT, ORG_A, OWNER_A.id(), null, calc("draft", 3)).status = "draft";
    }

    @DynamicPropertySource
    static void urls(DynamicPropertyRegistry registry) {
        registry.add("symbia.runtime.catalog-url", CATALOG::url);
    }

    @AfterAll
    static void stop() {
        CATALOG.close();
    }

    @Autowired
    GraphHydration hydration;

    @Autowired
    RecordingRelay relay;

    @Autowired
    JdbcClient jdbc;

    /** entry (latest per key) → calc ({v} + add) */
    private static String calc(String name, int add) {
        return JSON.writeValueAsString(graph(name, List.of(
                node("entry", "symbia.state.latest", null),
                node("calc", "symbia.compute.arithmetic", map("expression", "{v} + " + add))), List.of(
                edge("entry", "out", "calc", "in"))));
    }

    private JsonNode listed(String token, String key) {
        return get("/api/graphs", token).expect(200).body().path("graphs").valueStream()
                .filter(g -> key.equals(g.path("key").asString())).findFirst().orElse(null);
    }

    private long rows(String table, String key) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE graph_key = ?").param(key).query(Long.class).single();
    }

    @Test
    void atBootEachOrgsPublishedGraphsLoadAsTheirOwnerAndOnlyThatOrgSeesThem() {
        await().atMost(Duration.ofSeconds(20)).until(() -> listed(OWNER_A.token(), CALC) != null);
        JsonNode calc = listed(OWNER_A.token(), CALC);
        assertThat(calc.path("catalogVersion").asInt()).isEqualTo(1);
        assertThat(CATALOG.resolvedBy(CALC)).isNotEmpty().allMatch(OWNER_A.id()::equals);
        await().atMost(Duration.ofSeconds(20)).until(() -> listed(OWNER_B.token(), PIPE) != null);

        // each org sees its own only: the other's graph is 404 and not listed
        get("/api/graphs/" + calc.path("id").asString(), OWNER_B.token()).problem(404);
        assertThat(listed(OWNER_B.token(), CALC)).isNull();
        assertThat(listed(OWNER_A.token(), PIPE)).isNull();
        get("/api/graphs/" + listed(OWNER_B.token(), PIPE).path("id").asString(), OWNER_A.token()).problem(404);

        // it runs as any loaded graph
        String execution = start(calc.path("id").asString(), OWNER_A.token());
        assertThat(inject(execution, "entry", "in", map("key", "k", "v", 41), OWNER_A.token()).expect(200).body()
                .path("outputs").path("calc:out").path("value").path("result").asInt()).isEqualTo(42);

        // neither a draft nor a platform-wide graph (no org to own it) is loaded
        assertThat(rows("graphs", DRAFT)).isZero();
        assertThat(rows("graphs", PLATFORM)).isZero();
        assertThat(hydration.pass().get(PLATFORM)).startsWith("skipped: a platform-wide graph");
    }

    @Test
    void aPipelineStartsOnceHoweverOftenHydrationRuns() {
        await().atMost(Duration.ofSeconds(20)).until(() -> rows("graph_executions", PIPE) == 1);
        hydration.pass();
        hydration.pass();
        assertThat(rows("graphs", PIPE)).isEqualTo(1);
        assertThat(rows("graph_executions", PIPE)).isEqualTo(1);
        JsonNode execution = get("/api/executions", OWNER_B.token()).expect(200).body().path("executions").valueStream()
                .filter(e -> "pipe".equals(e.path("graphName").asString())).findFirst().orElseThrow();
        assertThat(execution.path("state").asString()).isEqualTo("running");

        // its owner loading the same key by hand gets the hydrated graph, not a second copy with a second execution
        String hydrated = listed(OWNER_B.token(), PIPE).path("id").asString();
        assertThat(post("/api/graphs/catalog", map("key", PIPE), OWNER_B.token()).expect(201).body().path("id").asString())
                .isEqualTo(hydrated);
        assertThat(rows("graphs", PIPE)).isEqualTo(1);
        assertThat(rows("graph_executions", PIPE)).isEqualTo(1);
    }

    @Test
    void aGraphThatDoesNotValidateIsSkippedWithItsReasonAndTheRestLoad() {
        await().atMost(Duration.ofSeconds(20)).until(() -> rows("graphs", CALC) == 1 && rows("graphs", PIPE) == 1);
        Map<String, String> outcomes = hydration.pass();
        assertThat(outcomes.get(BROKEN)).startsWith("skipped:").contains("symbia.no.such");
        assertThat(outcomes.get(CALC)).isEqualTo("already loaded");
        assertThat(rows("graphs", BROKEN)).isZero();
    }

    @Test
    void anEventAboutANewlyPublishedKeyLoadsItAndUnpublishingUnloadsIt() {
        String key = "graphs/late-" + UUID.randomUUID();
        FakePublishedCatalog.Graph late = CATALOG.add(key, ORG_A, OWNER_A.id(), null, calc("late", 10));
        relay.deliver("catalog.resource.published", "catalog", CATALOG.event(late));
        await().atMost(Duration.ofSeconds(10)).until(() -> listed(OWNER_A.token(), key) != null);
        String graphId = listed(OWNER_A.token(), key).path("id").asString();
        String execution = start(graphId, OWNER_A.token());
        assertThat(inject(execution, "entry", "in", map("key", "k", "v", 1), OWNER_A.token()).expect(200).body()
                .path("outputs").path("calc:out").path("value").path("result").asInt()).isEqualTo(11);
        get("/api/graphs/" + graphId, OWNER_B.token()).problem(404);

        // a second event about it loads nothing more
        relay.deliver("catalog.resource.updated", "catalog", CATALOG.event(late));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> rows("graphs", key) == 1);

        // back to draft: the hydrated graph unloads, its execution ends, its operator state goes
        await().atMost(Duration.ofSeconds(5)).until(() -> rows("operator_state", key) > 0);
        late.status = "draft";
        relay.deliver("catalog.resource.updated", "catalog", CATALOG.event(late));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/graphs/" + graphId, OWNER_A.token()).status() == 404);
        assertThat(get("/api/executions/" + execution, OWNER_A.token()).expect(200).body().path("state").asString())
                .isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(5)).until(() -> rows("operator_state", key) == 0);
    }
}
