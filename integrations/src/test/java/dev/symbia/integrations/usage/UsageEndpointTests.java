package dev.symbia.integrations.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.stream.Usage;
import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.test.auth.TestPrincipal;
import dev.symbia.web.problem.ProblemException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/usage} and the budget check, both reading the one usage table. Org admins see
 * their org, everyone else their own calls, nobody another org's.
 */
class UsageEndpointTests extends GatewayTestSupport {

    private static final Instant DAY1 = Instant.parse("2021-03-01T10:00:00Z");
    private static final Instant DAY2 = Instant.parse("2021-03-02T23:30:00Z");

    @Autowired
    private UsageRecorder recorder;

    @BeforeEach
    void seed() {
        record(orgId, "alice", "sambanova", SAMBA_MODEL, Outcome.SUCCESS, 100, 50, DAY1);   // priced: 120 micros
        record(orgId, "alice", "sambanova", SAMBA_MODEL, Outcome.ERROR, 10, 0, DAY2);       // priced: 6 micros
        record(orgId, "bob", "huggingface", HF_MODEL, Outcome.CANCELLED, 20, 5, DAY2);      // unpriced
        record("another-org", "mallory", "sambanova", SAMBA_MODEL, Outcome.SUCCESS, 9_999, 9_999, DAY1);
    }

    @Test
    void groupsByUserWithinTheCallersOrgOnly() throws Exception {
        JsonNode report = report("?from=2021-03-01&to=2021-03-02&groupBy=user");

        assertThat(report.path("orgId").asString()).isEqualTo(orgId);
        assertThat(report.path("userId").isNull()).as("an admin sees the whole org").isTrue();
        assertThat(report.path("rows")).hasSize(2);
        JsonNode alice = report.path("rows").path(0);
        assertThat(alice.path("key").asString()).isEqualTo("alice");
        assertThat(alice.path("requests").asLong()).isEqualTo(2);
        assertThat(alice.path("errors").asLong()).isEqualTo(1);
        assertThat(alice.path("promptTokens").asLong()).isEqualTo(110);
        assertThat(alice.path("completionTokens").asLong()).isEqualTo(50);
        assertThat(alice.path("totalTokens").asLong()).isEqualTo(160);
        assertThat(alice.path("costUsd").decimalValue()).isEqualByComparingTo("0.000126");
        JsonNode bob = report.path("rows").path(1);
        assertThat(bob.path("cancelled").asLong()).isEqualTo(1);
        assertThat(bob.path("costUsd").isNull()).isTrue();
        assertThat(bob.path("unpricedRequests").asLong()).isEqualTo(1);
        JsonNode totals = report.path("totals");
        assertThat(totals.path("requests").asLong()).isEqualTo(3);
        assertThat(totals.path("totalTokens").asLong()).isEqualTo(185);
    }

    @Test
    void groupsByProviderModelAndDay() throws Exception {
        JsonNode byProvider = report("?from=2021-03-01T00:00:00Z&to=2021-03-03T00:00:00Z&groupBy=provider");
        assertThat(byProvider.path("rows").path(0).path("key").asString()).isEqualTo("sambanova");
        assertThat(byProvider.path("rows").path(1).path("key").asString()).isEqualTo("huggingface");

        JsonNode byModel = report("?from=2021-03-01&to=2021-03-02&groupBy=model");
        assertThat(byModel.path("rows").path(0).path("key").asString()).isEqualTo("sambanova/" + SAMBA_MODEL);
        assertThat(byModel.path("rows").path(1).path("key").asString()).isEqualTo("huggingface/" + HF_MODEL);

        JsonNode byDay = report("?from=2021-03-01&to=2021-03-02&groupBy=day");
        assertThat(byDay.path("rows")).hasSize(2);
        assertThat(byDay.path("rows").path(0).path("key").asString()).isEqualTo("2021-03-01");
        assertThat(byDay.path("rows").path(1).path("key").asString()).isEqualTo("2021-03-02");
        assertThat(byDay.path("rows").path(1).path("totalTokens").asLong()).isEqualTo(35);

        JsonNode firstDayOnly = report("?from=2021-03-01&to=2021-03-01&groupBy=day");
        assertThat(firstDayOnly.path("totals").path("requests").asLong()).isEqualTo(1);
    }

    @Test
    void membersSeeOnlyTheirOwnCalls() throws Exception {
        record(orgId, userId, "sambanova", SAMBA_MODEL, Outcome.SUCCESS, 7, 3, DAY1);

        HttpResponse<String> response = get("/api/usage?from=2021-03-01&to=2021-03-02&groupBy=user");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json(response.body());
        assertThat(report.path("userId").asString()).isEqualTo(userId);
        assertThat(report.path("rows")).hasSize(1);
        assertThat(report.path("rows").path(0).path("key").asString()).isEqualTo(userId);
        assertThat(report.path("totals").path("totalTokens").asLong()).isEqualTo(10);
        assertThat(response.body()).doesNotContain("alice").doesNotContain("bob");
    }

    @Test
    void aUserOfAnotherOrgNeverSeesThisOrgsUsage() throws Exception {
        String orgB = "org-b-" + UUID.randomUUID();
        record(orgB, "bea", "sambanova", SAMBA_MODEL, Outcome.SUCCESS, 1, 1, DAY1);
        TestPrincipal adminOfB = IDENTITY.user("bea").member(orgB, "admin");

        JsonNode ownOrg = json(get("/api/usage?from=2021-03-01&to=2021-03-03&groupBy=user",
                Map.of("Authorization", adminOfB.bearer())).body());
        assertThat(ownOrg.path("orgId").asString()).isEqualTo(orgB);
        assertThat(ownOrg.path("totals").path("requests").asLong()).isEqualTo(1);
        assertThat(ownOrg.toString()).doesNotContain("alice").doesNotContain("mallory");

        HttpResponse<String> asOrgA = get("/api/usage?from=2021-03-01&to=2021-03-03&groupBy=user",
                Map.of("Authorization", adminOfB.bearer(), "X-Org-Id", orgId));
        assertThat(asOrgA.statusCode()).isEqualTo(403);
        assertThat(json(asOrgA.body()).path("code").asString()).isEqualTo("forbidden");
        assertThat(asOrgA.body()).doesNotContain("alice");
    }

    @Test
    void anAdminsApiKeySeesTheOrgOnlyWhenScopedForIt() throws Exception {
        TestPrincipal admin = IDENTITY.user("admin-" + UUID.randomUUID()).member(orgId, "admin");
        String narrow = admin.apiKey("cap:integrations.read");
        String broad = admin.apiKey("cap:integrations.read", "cap:integrations.admin");

        JsonNode own = json(get("/api/usage?from=2021-03-01&to=2021-03-03", Map.of("X-API-Key", narrow)).body());
        assertThat(own.path("totals").path("requests").asLong()).isZero();
        JsonNode org = json(get("/api/usage?from=2021-03-01&to=2021-03-03", Map.of("X-API-Key", broad)).body());
        assertThat(org.path("totals").path("requests").asLong()).isEqualTo(3);
    }

    @Test
    void badParametersAre400Problems() throws Exception {
        for (String query : new String[] {"?groupBy=tenant", "?from=yesterday", "?from=2021-03-02&to=2021-03-01",
                "?from=2020-01-01&to=2026-01-01", "?to=2026-13-45"}) {
            HttpResponse<String> response = get("/api/usage" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(json(response.body()).path("code").asString()).as(query).isEqualTo("validation");
        }
    }

    @Test
    void budgetIsEnforcedFromTheSameTable() {
        Account caller = new Account(orgId, "carol");
        record(orgId, "carol", "sambanova", SAMBA_MODEL, Outcome.SUCCESS, 40, 20, Instant.now());
        BudgetGuard roomy = guard(1_000, 0);
        BudgetGuard orgLimit = guard(200, 0);
        BudgetGuard userLimit = guard(0, 60);

        roomy.check(caller);
        orgLimit.check(caller); // 60 of 200 used (the seeded rows are older than 24 h)
        assertThatThrownBy(() -> userLimit.check(caller)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.getStatusCode().value()).isEqualTo(402);
            assertThat(e.getBody().getProperties()).containsEntry("code", "quota-exceeded");
        });
        record(orgId, "dave", "sambanova", SAMBA_MODEL, Outcome.SUCCESS, 100, 40, Instant.now());
        assertThatThrownBy(() -> orgLimit.check(caller)).isInstanceOf(ProblemException.class);
        guard(0, 60).check(new Account(orgId, "erin")); // erin has used nothing
    }

    private BudgetGuard guard(long orgTokens, long userTokens) {
        return new BudgetGuard(new UsageStore(jdbc, recorder),
                new UsageProperties(Map.of(), new UsageProperties.Budget(orgTokens, userTokens)), recorder);
    }

    /** As an admin of this test's org. */
    private JsonNode report(String query) throws Exception {
        TestPrincipal admin = IDENTITY.user("admin-" + UUID.randomUUID()).member(orgId, "admin");
        HttpResponse<String> response = get("/api/usage" + query, Map.of("Authorization", admin.bearer()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private void record(String org, String user, String provider, String model, Outcome outcome, int prompt,
            int completion, Instant at) {
        recorder.record(new UsageRecord(org, user, "req-" + at.toEpochMilli(), "execute", provider, model, model, "env",
                true, outcome, outcome == Outcome.ERROR ? "provider" : null, null, Usage.of(prompt, completion),
                false, 1, 100L, 900, at));
    }
}
