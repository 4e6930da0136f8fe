package dev.symbia.models.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.models.ModelsTestSupport;
import dev.symbia.models.registry.LookupCaches;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A policy changed through another replica applies here within a second, although this replica's cached policy
 * would otherwise be reused for minutes: the change is announced by PostgreSQL NOTIFY ({@link LookupCaches}).
 */
class PolicyAcrossReplicasTests extends ModelsTestSupport {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LookupCaches caches;

    private PostgresNotifications otherNotifications;
    private LookupCaches otherCaches;
    private OrgModelPolicy otherReplica;

    @BeforeEach
    void anotherReplica() {
        otherNotifications = new PostgresNotifications(dataSource);
        otherNotifications.start();
        otherCaches = new LookupCaches(otherNotifications);
        otherReplica = new OrgModelPolicy(jdbc, otherCaches);
    }

    @AfterEach
    void stopIt() {
        otherCaches.close();
        otherNotifications.stop();
    }

    @Test
    void aPolicyChangedThroughAnotherReplicaAppliesHereWithinASecond() throws Exception {
        assertThat(caches.awaitHearing(Duration.ofSeconds(10))).isTrue();
        // this replica has looked the org's policy up (unrestricted) and keeps it
        assertThat(post("/v1/chat/completions", chatBody(CHAT, "\"max_tokens\":1", "hi")).statusCode()).isEqualTo(200);

        otherReplica.restrict(orgId, List.of(OTHER), "test");
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(post("/v1/chat/completions", chatBody(CHAT, "\"max_tokens\":1", "hi")).statusCode())
                        .isEqualTo(403));

        otherReplica.lift(orgId);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(post("/v1/chat/completions", chatBody(CHAT, "\"max_tokens\":1", "hi")).statusCode())
                        .isEqualTo(200));
    }
}
