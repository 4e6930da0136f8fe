package dev.symbia.network.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.network.NetworkTestSupport;
import dev.symbia.network.config.NetworkProperties;
import dev.symbia.network.trace.EventStore;
import dev.symbia.relay.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The replay guard: an id is refused while its stamp is inside the window; when the memory bound pushes out ids
 * that still matter, an envelope stamped no later than them is checked against the stored history, and live
 * traffic (stamped after them) is not.
 */
class AcceptedIdsTests extends NetworkTestSupport {

    @Autowired
    EventStore events;
    @Autowired
    NetworkProperties properties;
    @Autowired
    JdbcClient jdbc;

    /** Starts a day ahead, so the guard preloads none of the ids other tests stored in the shared database. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.now().plus(Duration.ofDays(1));

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Envelope stamped(String id, Instant at) {
        return new Envelope(id, "test.replay", "src", null, "run", null, dev.symbia.relay.Boundary.INTRA, at.toString(),
                JsonNodeFactory.instance.objectNode(), null);
    }

    @Test
    void refusesAnIdUntilItsStampLeavesTheWindow() {
        MovableClock clock = new MovableClock();
        AcceptedIds accepted = new AcceptedIds(events, properties, clock, 100_000);
        String id = "replay-" + UUID.randomUUID();
        Envelope first = stamped(id, clock.now);

        assertThat(accepted.firstTime(first)).isTrue();
        assertThat(accepted.firstTime(first)).isFalse();
        clock.now = clock.now.plus(properties.replayWindow()).minusSeconds(1);
        assertThat(accepted.firstTime(first)).as("still inside the window").isFalse();
        clock.now = clock.now.plus(Duration.ofSeconds(3));
        // Forgotten once its stamp left the window (the verifier refuses such an envelope by its timestamp).
        assertThat(accepted.firstTime(first)).isTrue();
    }

    @Test
    void anIdPushedOutByTheBoundIsFoundInTheStoredHistory() {
        MovableClock clock = new MovableClock();
        AcceptedIds accepted = new AcceptedIds(events, properties, clock, 2);
        String storedId = "stored-" + UUID.randomUUID();
        Envelope old = stamped(storedId, clock.now);
        assertThat(accepted.firstTime(old)).isTrue();
        jdbc.sql("""
                INSERT INTO events (id, type, source, run_id, boundary, envelope, received_at)
                VALUES (:id, 'test.replay', 'src', 'run', 'intra', '{}'::jsonb, now())""").param("id", storedId).update();
        clock.now = clock.now.plusMillis(5);
        assertThat(accepted.firstTime(stamped("a-" + UUID.randomUUID(), clock.now))).isTrue();
        assertThat(accepted.firstTime(stamped("b-" + UUID.randomUUID(), clock.now))).isTrue(); // pushes out storedId

        assertThat(accepted.firstTime(old)).as("a replay of the forgotten id, caught by the database").isFalse();
        // An id never stored, stamped as early: the database says it is new.
        assertThat(accepted.firstTime(stamped("never-" + UUID.randomUUID(), old.instant()))).isTrue();
    }
}
