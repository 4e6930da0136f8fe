package dev.symbia.integrations.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.symbia.integrations.IntegrationsApplication;
import dev.symbia.test.vendor.VendorFake;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.auth.TestPrincipal;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import dev.symbia.test.replica.Replicas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two integrations replicas on one PostgreSQL (started by hand, not as Spring test contexts): a deployment is run by
 * the replica it was started on while the other watches it over SSE; when that replica dies (its database connections
 * gone, renewals stop) or stops, the other claims the deployment once the lease has expired (at once when it was
 * released) and finishes watching it — Railway is asked to deploy exactly once.
 */
class DeploymentReplicasTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TestIdentity IDENTITY = TestIdentity.shared();
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final VendorFake jfrog = new VendorFake();
    private final VendorFake railway = new VendorFake();
    private final AtomicInteger deploys = new AtomicInteger();
    private volatile String railwayStatus = "BUILDING";
    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    private TestDatabase database;
    private String orgId;
    private TestPrincipal deployer;

    @BeforeEach
    void setUp() {
        database = TestPostgres.freshDatabase();
        orgId = UUID.randomUUID().toString();
        deployer = IDENTITY.user(UUID.randomUUID().toString()).member(orgId, "member")
                .caps("cap:integrations.read", "cap:integrations.deploy");
        jfrog.respond(request -> switch (request.getUrl().encodedPath()) {
            case "/xray/api/v2/summary/artifact" -> VendorFake.response(200, DeploymentTestSupport.xraySummary(
                    DeploymentTestSupport.CLEAN_PATH, "Low", "CVE-2020-0001"));
            default -> null;
        });
        railway.respond(this::railway);
    }

    @AfterEach
    void tearDown() {
        replicas.forEach(ConfigurableApplicationContext::close);
    }

    private MockResponse railway(RecordedRequest request) {
        String query = JSON.readTree(request.getBody().utf8()).path("query").asString();
        if (query.contains("serviceInstanceDeployV2")) {
            deploys.incrementAndGet();
            return VendorFake.response(200, "{\"data\":{\"serviceInstanceDeployV2\":\"dep-7\"}}");
        }
        if (query.contains("deployment(id:")) {
            return VendorFake.response(200, "{\"data\":{\"deployment\":{\"id\":\"dep-7\",\"status\":\"" + railwayStatus
                    + "\",\"url\":null,\"staticUrl\":null,\"createdAt\":\"2026-12-07T04:00:00Z\"}}}");
        }
        return null;
    }

    private ConfigurableApplicationContext replica() {
        ConfigurableApplicationContext context = Replicas.start(IntegrationsApplication.class, database, "integrations",
                "--symbia.integrations.providers.sambanova.api-key=sn-unused",
                "--symbia.integrations.connectors.jfrog.url=" + jfrog.url("/"),
                "--symbia.integrations.connectors.jfrog.access-token=jfrog-replicas-token",
                "--symbia.integrations.connectors.railway.api-url=" + railway.url("/graphql/v2"),
                "--symbia.integrations.connectors.railway.api-token=railway-replicas-token",
                "--symbia.integrations.deployments.poll-interval=100ms",
                "--symbia.integrations.deployments.lease=" + LEASE.toMillis() + "ms",
                "--symbia.integrations.deployments.claim-interval=500ms");
        replicas.add(context);
        return context;
    }

    @Test
    void aDeploymentIsRunByTheReplicaThatStartedItAndFollowedLiveOnTheOther() throws Exception {
        ConfigurableApplicationContext a = replica();
        ConfigurableApplicationContext b = replica();
        String id = deployedBy(a, b);
        List<JsonNode> seenOnB = new CopyOnWriteArrayList<>();
        Thread follower = Thread.ofVirtual().start(() -> follow(b, id, seenOnB));

        // Several lease periods in which B looks for expired leases: A keeps renewing, B never takes it.
        String owner = owner(a, id);
        await().during(LEASE.multipliedBy(2)).atMost(LEASE.multipliedBy(4)).until(() -> owner.equals(owner(b, id)));
        railwayStatus = "SUCCESS";

        follower.join(Duration.ofSeconds(20));
        assertThat(seenOnB).as("B's SSE stream followed A's deployment to its end").isNotEmpty();
        JsonNode done = seenOnB.getLast();
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(deploys.get()).isEqualTo(1);
        assertThat(names(done)).containsExactly("xray.scan", "xray.summary", "gate", "railway.deploy",
                "railway.watch").doesNotHaveDuplicates();
    }

    @Test
    void aDeadReplicasDeploymentIsResumedByTheOtherAfterTheLeaseExpiredAndNeverDeployedTwice() throws Exception {
        Running running = deployedByAWatchedByB();
        ConfigurableApplicationContext a = running.a();
        ConfigurableApplicationContext b = running.b();
        String id = running.id();
        String ownerA = running.ownerA();

        // A dies: no database any more, so no renewal and no further write.
        a.getBean(HikariDataSource.class).close();
        await().atMost(LEASE.multipliedBy(5)).until(() -> !ownerA.equals(owner(b, id)));
        railwayStatus = "SUCCESS";

        await().atMost(Duration.ofSeconds(20)).until(() -> !"running".equals(deployment(b, id).path("status").asString()));
        JsonNode done = deployment(b, id);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(deploys.get()).as("Railway deployed once").isEqualTo(1);
        long succeededWatches = 0;
        for (JsonNode step : done.path("steps")) {
            if (step.path("name").asString().equals("railway.watch") && step.path("status").asString().equals("succeeded")) {
                succeededWatches++;
            }
        }
        assertThat(succeededWatches).as("B's watch ended it; A's was closed").isEqualTo(1);
        assertThat(names(done)).containsOnlyOnce("railway.deploy", "gate");
    }

    @Test
    void aStoppingReplicaReleasesItsDeploymentsAndTheOtherResumesThemAtOnce() throws Exception {
        Running running = deployedByAWatchedByB();
        ConfigurableApplicationContext b = running.b();
        String id = running.id();
        String ownerA = running.ownerA();

        running.a().close();
        // A renewed its lease within the last claim interval; had it not released it, A would still hold it now.
        assertThat(jdbc(b).sql("SELECT COALESCE(owner = :a AND lease_until > now(), false) FROM deployments WHERE id = CAST(:id AS uuid)")
                .param("a", ownerA).param("id", id).query(Boolean.class).single())
                .as("released (or already claimed by B), not left to expire").isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> !ownerA.equals(owner(b, id)));
        railwayStatus = "SUCCESS";

        await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(deployment(b, id).path("status").asString()));
        assertThat(deploys.get()).isEqualTo(1);
    }

    /** Two replicas and a deployment replica {@code a} started and runs (held by {@code ownerA}). */
    private record Running(ConfigurableApplicationContext a, ConfigurableApplicationContext b, String id, String ownerA) {
    }

    private Running deployedByAWatchedByB() throws Exception {
        ConfigurableApplicationContext a = replica();
        ConfigurableApplicationContext b = replica();
        String id = deployedBy(a, b);
        return new Running(a, b, id, owner(a, id));
    }

    /** A deployment started on {@code a}, once Railway has accepted it (as {@code b} reads it). */
    private String deployedBy(ConfigurableApplicationContext a, ConfigurableApplicationContext b) throws Exception {
        String id = start(a);
        await().atMost(Duration.ofSeconds(20)).until(() -> deployment(b, id).path("railwayDeploymentId").isString());
        return id;
    }

    private String start(ConfigurableApplicationContext replica) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(replica, "/api/deployments"))
                .header("Authorization", deployer.bearer()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DeploymentTestSupport.request(
                        DeploymentTestSupport.artifact(DeploymentTestSupport.CLEAN_PATH)))).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("id").asString();
    }

    private JsonNode deployment(ConfigurableApplicationContext replica, String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(replica, "/api/deployments/" + id))
                .header("Authorization", deployer.bearer()).GET().build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private void follow(ConfigurableApplicationContext replica, String id, List<JsonNode> seen) {
        HttpRequest request = HttpRequest.newBuilder(uri(replica, "/api/deployments/" + id + "/events"))
                .header("Authorization", deployer.bearer()).GET().build();
        try (Stream<String> lines = HTTP.send(request, HttpResponse.BodyHandlers.ofLines()).body()) {
            lines.filter(line -> line.startsWith("data:")).forEach(line -> seen.add(JSON.readTree(line.substring(5))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String owner(ConfigurableApplicationContext replica, String id) {
        return jdbc(replica).sql("SELECT owner FROM deployments WHERE id = CAST(:id AS uuid)").param("id", id)
                .query(String.class).single();
    }

    private static JdbcClient jdbc(ConfigurableApplicationContext replica) {
        return replica.getBean(JdbcClient.class);
    }

    private static List<String> names(JsonNode deployment) {
        List<String> names = new ArrayList<>();
        deployment.path("steps").forEach(step -> names.add(step.path("name").asString()));
        return names;
    }

    private static URI uri(ConfigurableApplicationContext replica, String path) {
        return URI.create("http://localhost:" + Replicas.port(replica) + path);
    }
}
