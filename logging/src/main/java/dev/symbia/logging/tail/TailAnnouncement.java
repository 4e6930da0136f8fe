package dev.symbia.logging.tail;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one replica tells the others when it has stored log entries: which replica (so it skips its
 * own), which org (so a replica with no tail reading that org does nothing) and which entries (ids
 * only: PostgreSQL notifications carry less than 8000 bytes, so the entries themselves are read from
 * the table by the replicas that have tails wanting them).
 */
record TailAnnouncement(String replica, UUID org, List<UUID> ids) {

    /** Ids per notification: 150 × 39 bytes stays well inside PostgreSQL's 8000-byte payload limit. */
    static final int IDS_PER_NOTIFICATION = 150;

    /** The payloads announcing {@code ids}, in their order. */
    static List<String> payloads(JsonMapper json, String replica, UUID org, List<UUID> ids) {
        List<String> payloads = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_NOTIFICATION) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_NOTIFICATION));
            payloads.add(json.writeValueAsString(new TailAnnouncement(replica, org, List.copyOf(chunk))));
        }
        return payloads;
    }

    static TailAnnouncement parse(JsonMapper json, String payload) {
        return json.readValue(payload, TailAnnouncement.class);
    }
}
