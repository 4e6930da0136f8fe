package dev.symbia.messaging.live;

import dev.symbia.messaging.MessagingApplication;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.replica.Replicas;
import java.time.Duration;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Messaging replicas started by hand on one shared database (not Spring test contexts), and test data. */
final class LiveReplicas {

    private LiveReplicas() {
    }

    static ConfigurableApplicationContext start(TestDatabase database, String... extra) throws InterruptedException {
        ConfigurableApplicationContext context = Replicas.start(MessagingApplication.class, database, "messaging", extra);
        if (!context.getBean(LiveHub.class).awaitListening(Duration.ofSeconds(30))) {
            throw new IllegalStateException("replica does not listen for other replicas' events");
        }
        return context;
    }

    static int port(ConfigurableApplicationContext context) {
        return Replicas.port(context);
    }

    static JdbcClient jdbc(ConfigurableApplicationContext context) {
        return context.getBean(JdbcClient.class);
    }

    /** A conversation of an org with participants given as "principalId:type" or a plain user id. */
    static UUID conversation(ConfigurableApplicationContext context, String org, String... participants) {
        UUID id = UUID.randomUUID();
        JdbcClient jdbc = jdbc(context);
        jdbc.sql("INSERT INTO conversations (id, org_id, type, name, created_by) VALUES (:id, :org, 'group', 'test', :by)")
                .param("id", id).param("org", org).param("by", participants.length > 0 ? participants[0] : "nobody").update();
        for (String participant : participants) {
            boolean agent = participant.startsWith("assistant:");
            jdbc.sql("INSERT INTO participants (conversation_id, principal_id, principal_type) VALUES (:id, :p, :t)")
                    .param("id", id).param("p", participant).param("t", agent ? "agent" : "user").update();
        }
        return id;
    }
}
