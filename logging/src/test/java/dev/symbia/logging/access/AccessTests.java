package dev.symbia.logging.access;

import static dev.symbia.logging.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.logging.Api;
import dev.symbia.logging.Api.Principal;
import dev.symbia.logging.LoggingIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How libs/auth's principal becomes a reader and a writer ({@link AccessResolver}), over real HTTP
 * with real tokens: which org writes land in, which orgs reads may see.
 */
class AccessTests extends LoggingIntegrationTest {

    private UUID streamOrg(Principal owner, String name) {
        Api.Response created = api.post("/api/logs/streams", owner, obj("name", name));
        assertThat(created.status()).as(created.body()).isIn(200, 201);
        return UUID.fromString(created.json().path("orgId").asString());
    }

    @Test
    void servicesWriteIntoTheSystemOrgWhateverOrgTheyName() {
        Principal service = Principal.service("messaging");
        assertThat(streamOrg(service, unique("svc"))).isEqualTo(Orgs.SYSTEM);
        // A service may name any org (libs/auth lets it act for one); its own telemetry stays the platform's.
        assertThat(streamOrg(service.selecting(newOrg()), unique("svc"))).isEqualTo(Orgs.SYSTEM);
    }

    @Test
    void usersWriteIntoTheSelectedOrgElseTheirDefaultOrg() {
        UUID first = newOrg();
        UUID second = newOrg();
        Principal both = new Principal("user:" + UUID.randomUUID(), List.of(first, second), null, List.of(), false);
        assertThat(streamOrg(both, unique("s"))).isEqualTo(first);
        assertThat(streamOrg(both.selecting(second), unique("s"))).isEqualTo(second);
        // Naming an org one does not belong to is refused before anything is written.
        Api.Response foreign = api.post("/api/logs/streams", both.selecting(newOrg()), obj("name", unique("s")));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.isProblem()).isTrue();
        // No org at all: nowhere to write.
        Principal orgless = new Principal("user:" + UUID.randomUUID(), List.of(), null, List.of(), false);
        assertThat(api.post("/api/logs/streams", orgless, obj("name", "x")).status()).isEqualTo(403);
    }

    @Test
    void aSuperAdminMayWriteIntoAnyOrgAndReadsThePlatformsTelemetry() {
        UUID elsewhere = newOrg();
        Principal root = new Principal("user:root-" + UUID.randomUUID(), List.of(), null, List.of(), true);
        assertThat(streamOrg(root.selecting(elsewhere), unique("s"))).isEqualTo(elsewhere);
        String service = unique("platform");
        UUID stream = stream(Principal.service(service), unique("platform"), null);
        ingest(Principal.service(service), stream, List.of(obj("message", "platform event")));
        assertThat(queryLogs(root, obj("streamIds", List.of(stream))).path("data").size()).isEqualTo(1);
    }

    @Test
    void onlyTheGlobalReadCapabilityOpensThePlatformsTelemetry() {
        String service = unique("platform");
        UUID stream = stream(Principal.service(service), unique("platform"), null);
        ingest(Principal.service(service), stream, List.of(obj("message", "platform event")));
        Object query = obj("streamIds", List.of(stream));

        // Every org role grants cap:telemetry.read inside its org: that is not the platform's telemetry.
        Principal member = Principal.user(newOrg());
        assertThat(queryLogs(member, query).path("data").size()).isZero();
        assertThat(api.post("/api/logs/query", member, obj("orgId", Orgs.SYSTEM)).status()).isEqualTo(403);
        Principal granted = new Principal("user:" + UUID.randomUUID(), List.of(newOrg()), null,
                List.of("cap:telemetry.read"), false);
        assertThat(queryLogs(granted, query).path("data").size()).isZero();

        Principal operator = Principal.operator();
        assertThat(queryLogs(operator, query).path("data").size()).isEqualTo(1);
        assertThat(queryLogs(operator, obj("streamIds", List.of(stream), "orgId", Orgs.SYSTEM)).path("data").size()).isEqualTo(1);
    }

    @Test
    void anAgentWorksInItsOwnOrg() {
        UUID org = newOrg();
        Principal agent = new Principal("agent:assistant-" + UUID.randomUUID(), List.of(org), null, List.of(), false);
        assertThat(streamOrg(agent, unique("a"))).isEqualTo(org);
        Principal colleague = Principal.user(org);
        UUID stream = stream(colleague, "shared", null);
        ingest(colleague, stream, List.of(obj("message", "for the agent")));
        assertThat(queryLogs(agent, obj("streamIds", List.of(stream))).path("data").size()).isEqualTo(1);
        Api.Response elsewhere = api.post("/api/logs/query", agent.selecting(newOrg()), obj());
        assertThat(elsewhere.status()).isEqualTo(403);
    }

    @Test
    void aTamperedTokenIs401EverywhereIncludingOtlp() {
        Principal forged = Principal.service("messaging").forgedToken();
        for (Api.Response response : List.of(
                api.post("/api/logs/query", Principal.user(newOrg()).forgedToken(), obj()),
                api.postRaw("/v1/logs", forged, "application/x-protobuf", new byte[0]),
                api.postRaw("/v1/metrics", forged, "application/json", "{}".getBytes()),
                api.postRaw("/v1/traces", forged, "application/x-protobuf", new byte[0]))) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).contains("Bearer");
        }
        assertThat(api.postRaw("/v1/traces", Principal.service("messaging"), "application/x-protobuf", new byte[0]).status())
                .isEqualTo(200);
    }
}
