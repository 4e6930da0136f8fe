package dev.symbia.messaging.live;

import dev.symbia.db.notify.PostgresNotifications;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What replicas tell each other on {@value #CHANNEL} (PostgreSQL NOTIFY): a stored event by its id,
 * {@code {"replica","id","origin"}}, or an ephemeral one inline, {@code {"replica","conversationId","name",
 * "origin","payload"}}. Each replica names itself, so it can ignore its own.
 */
final class Announcements {

    private static final Logger log = LoggerFactory.getLogger(Announcements.class);
    static final String CHANNEL = "messaging_live";

    /** An announcement from another replica: a stored event ({@code id > 0}) or an ephemeral one. */
    record Announcement(long id, String origin, UUID conversationId, String name, JsonNode payload) {

        boolean stored() {
            return id > 0;
        }
    }

    private final JsonMapper json;
    private final String replica = UUID.randomUUID().toString();

    Announcements(JsonMapper json) {
        this.json = json;
    }

    String stored(long id, String origin) {
        ObjectNode node = json.createObjectNode().put("replica", replica).put("id", id);
        node.put("origin", origin);
        return json.writeValueAsString(node);
    }

    /** The ephemeral event inline; empty when too large for NOTIFY (other replicas then miss it). */
    Optional<String> ephemeral(ConversationEvent event, JsonNode payload) {
        ObjectNode node = json.createObjectNode().put("replica", replica)
                .put("conversationId", event.conversationId().toString()).put("name", event.name());
        node.put("origin", event.origin());
        node.set("payload", payload);
        String text = json.writeValueAsString(node);
        return PostgresNotifications.fits(text) ? Optional.of(text) : Optional.empty();
    }

    /** Another replica's announcement; empty for this replica's own and for anything unreadable. */
    Optional<Announcement> fromOthers(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            log.debug("Unreadable live announcement ignored");
            return Optional.empty();
        }
        if (replica.equals(node.path("replica").asString(""))) {
            return Optional.empty();
        }
        try {
            String origin = node.path("origin").isString() ? node.get("origin").stringValue() : null;
            long id = node.path("id").asLong(0);
            if (id > 0) {
                return Optional.of(new Announcement(id, origin, null, null, null));
            }
            return Optional.of(new Announcement(0, origin, UUID.fromString(node.path("conversationId").asString("")),
                    node.path("name").asString(""), node.path("payload")));
        } catch (RuntimeException e) {
            log.warn("Live announcement from another replica not delivered: {}", e.toString());
            return Optional.empty();
        }
    }
}
