package dev.symbia.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.NullNode;

class OutboxTests {

    private static Outbox.Draft draft(String id) {
        return new Outbox.Draft(id, "t.x", null, "r", null, Boundary.INTRA, NullNode.getInstance());
    }

    @Test
    void outboxDropsTheOldestWhenFull() {
        Outbox outbox = new Outbox(3);
        assertThat(outbox.offer(draft("a")) + outbox.offer(draft("b")) + outbox.offer(draft("c"))).isZero();
        assertThat(outbox.offer(draft("d"))).isEqualTo(1);
        assertThat(outbox.unsent()).extracting(Outbox.Draft::id).containsExactly("b", "c", "d");
    }

    @Test
    void sentButUnacknowledgedEventsAreSentAgainAfterReconnect() {
        Outbox outbox = new Outbox(10);
        outbox.offer(draft("a"));
        outbox.offer(draft("b"));
        outbox.markSent("a");
        outbox.markSent("b");
        assertThat(outbox.unsent()).isEmpty();
        assertThat(outbox.acknowledge("a")).isTrue();
        outbox.requeueAll();
        assertThat(outbox.unsent()).extracting(Outbox.Draft::id).containsExactly("b");
        assertThat(outbox.acknowledge("zzz")).isFalse();
    }
}
