package dev.symbia.logging.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.logging.logs.LogEntry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TailSubscriberTests {

    private static final UUID ORG = UUID.randomUUID();

    @Test
    void aClientTooSlowToKeepUpIsDroppedWithoutSlowingIngest() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean removed = new AtomicBoolean();
        TailSink blocked = new TailSink() {
            @Override
            public void event(String name, Object data) throws IOException {
                writing.countDown();
                try {
                    stuck.await(); // a client that never reads: every write blocks
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }

            @Override
            public void comment(String text) {
            }

            @Override
            public void close() {
                closed.set(true);
                stuck.countDown();
            }
        };
        TailSubscriber subscriber = new TailSubscriber("slow", filter(), 10, Duration.ofSeconds(30),
                s -> removed.set(true));
        Thread sender = Thread.ofVirtual().start(() -> subscriber.run(Map.of(), blocked, System.nanoTime() + Duration.ofDays(1).toNanos()));
        // The sender holds the sink and is stuck in its first write: only now is there a client to drop.
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            subscriber.offer(List.of(entry("line " + i)));
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(elapsedMillis).isLessThan(1_000);
        assertThat(subscriber.isClosed()).isTrue();
        assertThat(closed).isTrue();
        assertThat(removed).isTrue();
        sender.join(5_000);
        assertThat(sender.isAlive()).isFalse();
    }

    @Test
    void aClientThatKeepsUpGetsEverythingInOrder() {
        List<Object> received = new CopyOnWriteArrayList<>();
        TailSink sink = new TailSink() {
            @Override
            public void event(String name, Object data) {
                if (name.equals("logs")) {
                    ((List<?>) data).forEach(e -> received.add(((LogEntry) e).message()));
                }
            }

            @Override
            public void comment(String text) {
            }

            @Override
            public void close() {
            }
        };
        TailSubscriber subscriber = new TailSubscriber("fast", filter(), 1000, Duration.ofSeconds(30), s -> { });
        Thread.ofVirtual().start(() -> subscriber.run(Map.of(), sink, System.nanoTime() + Duration.ofDays(1).toNanos()));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            subscriber.offer(List.of(entry("line " + i)));
            expected.add("line " + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 200);
        assertThat(received).containsExactlyElementsOf(expected);
        subscriber.close();
    }

    private static TailFilter filter() {
        return new TailFilter(Set.of(ORG), Set.of(), Set.of(), null, null);
    }

    private static LogEntry entry(String message) {
        return new LogEntry(UUID.randomUUID(), UUID.randomUUID(), ORG, Instant.now(), "info", "svc", message, null, null,
                Map.of(), Map.of());
    }

    @Test
    void aTailEndsAtItsDeadline() throws Exception {
        AtomicBoolean removed = new AtomicBoolean();
        TailSubscriber subscriber = new TailSubscriber("short", filter(), 10, Duration.ofSeconds(30), s -> removed.set(true));
        Thread sender = Thread.ofVirtual().start(
                () -> subscriber.run(Map.of(), TailSubscriber.NO_SINK, System.nanoTime() + Duration.ofMillis(200).toNanos()));

        assertThat(sender.join(Duration.ofSeconds(5))).isTrue();
        assertThat(subscriber.isClosed()).isTrue();
        assertThat(removed).isTrue();
    }
}
