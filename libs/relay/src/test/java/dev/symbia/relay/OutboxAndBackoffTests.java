package dev.symbia.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.NullNode;

class OutboxAndBackoffTests {

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

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(7));
        for (int attempt = 0; attempt < 12; attempt++) {
            long ceiling = Math.min(30_000, 1000L << attempt);
            for (int i = 0; i < 50; i++) {
                long delay = backoff.delay(attempt).toMillis();
                assertThat(delay).as("attempt %d", attempt).isBetween(ceiling / 2, ceiling);
            }
        }
        assertThat(backoff.delay(1000).toMillis()).isBetween(15_000L, 30_000L);
    }
}
