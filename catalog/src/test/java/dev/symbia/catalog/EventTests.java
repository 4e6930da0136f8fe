package dev.symbia.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.relay.testing.RecordingRelay;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every write is announced on the network after it commits; a refused write announces nothing. */
class EventTests extends CatalogTestSupport {

    private List<RecordingRelay.Published> about(String id) {
        return relay.published().stream().filter(p -> p.data().path("resourceId").asString().equals(id)).toList();
    }

    @Test
    void createdUpdatedPublishedDeleted() {
        String org = unique("org");
        String token = admin(org);
        String id = create(token, map("key", unique("k"), "name", "n", "type", "context", "metadata", map("secret", "s3cr3t")))
                .path("id").asString();
        patch("/api/resources/" + id, map("name", "m"), token).expect(200);
        post("/api/resources/" + id + "/publish", null, token).expect(201);
        delete("/api/resources/" + id, token).expect(200);
        List<RecordingRelay.Published> events = about(id);
        assertThat(events).extracting(RecordingRelay.Published::type).containsExactly("catalog.resource.created",
                "catalog.resource.updated", "catalog.resource.published", "catalog.resource.deleted");
        assertThat(events.get(2).data().path("version").asInt()).isEqualTo(1);
        assertThat(events.get(0).data().path("orgId").asString()).isEqualTo(org);
        assertThat(events.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void aRefusedOrFailedWriteIsNotAnnouncedAndARelayFailureNeverFailsAWrite() {
        String org = unique("org");
        String id = create(admin(org), map("key", unique("k"), "name", "n", "type", "context")).path("id").asString();
        int before = about(id).size();
        delete("/api/resources/" + id, member(org)).problem(403);
        patch("/api/resources/" + id, map("accessPolicy", map("visibility", "nope")), admin(org)).problem(400);
        assertThat(about(id)).hasSize(before);
        relay.failing(true);
        try {
            patch("/api/resources/" + id, map("name", "still works"), admin(org)).expect(200);
        } finally {
            relay.failing(false);
        }
    }
}
