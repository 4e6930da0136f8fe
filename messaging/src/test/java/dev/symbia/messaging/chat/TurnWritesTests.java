package dev.symbia.messaging.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.awaitility.Awaitility;

import dev.symbia.web.problem.ProblemException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;

class TurnWritesTests {

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private TurnWrites writes;

    @AfterEach
    void close() throws Exception {
        callers.shutdownNow();
        if (writes != null) {
            writes.close();
        }
    }

    @Test
    void runsOnAPlatformThreadWithTheCallersLogContextAndRethrowsWhatTheWorkThrew() throws Exception {
        writes = new TurnWrites(2, Duration.ofSeconds(5));
        Future<List<Object>> seen = callers.submit(() -> {
            MDC.put("requestId", "req-1");
            try {
                return writes.run(() -> List.of(Thread.currentThread().isVirtual(), String.valueOf(MDC.get("requestId"))));
            } finally {
                MDC.clear();
            }
        });
        assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(false, "req-1");

        ProblemException notFound = ProblemException.notFound("Conversation");
        assertThatThrownBy(() -> writes.run(() -> {
            throw notFound;
        })).isSameAs(notFound);
        assertThat(writes.run(() -> MDC.get("requestId"))).as("nothing left behind on the write thread").isNull();
    }

    @Test
    void aFirstWriteThatWaitedTooLongIsRefusedWith503AndNeverRunsWhileALastWriteStillRuns() throws Exception {
        writes = new TurnWrites(1, Duration.ofMillis(200));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Future<String> blocking = callers.submit(() -> writes.run(() -> {
            started.countDown();
            await(release);
            return "first";
        }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean lateRan = new AtomicBoolean();
        List<String> order = new CopyOnWriteArrayList<>();
        Future<String> late = callers.submit(() -> writes.run(() -> {
            lateRan.set(true);
            return "late";
        }));
        Future<String> last = callers.submit(() -> writes.runEventually(() -> {
            order.add("last");
            return "finished";
        }));
        // The first write holds the only thread: the late one is refused once it waited 200 ms, the last one waits on.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(late::isDone);
        assertThat(last.isDone()).as("a last write is never refused, however long it waits").isFalse();
        release.countDown();

        assertThat(blocking.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo("finished");
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
                    assertThat(e.getBody().getTitle()).isEqualTo("Service busy");
                });
        assertThat(lateRan).as("a refused write leaves nothing behind").isFalse();
        assertThat(order).containsExactly("last");
    }

    @Test
    void writesAreServedFirstComeFirstServed() throws Exception {
        writes = new TurnWrites(1, Duration.ofSeconds(10));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> gate = CompletableFuture.runAsync(() -> writes.run(() -> {
            started.countDown();
            await(release);
            return null;
        }), callers);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Integer>> queued = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            CompletableFuture<Integer> result = new CompletableFuture<>();
            Thread caller = Thread.ofVirtual().start(() -> result.complete(writes.run(() -> {
                order.add(n);
                return n;
            })));
            // the next one is submitted only once this one waits for its write: queued one after the other
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
            queued.add(result);
        }
        release.countDown();
        gate.get(10, TimeUnit.SECONDS);
        for (Future<Integer> f : queued) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(order).isSorted().hasSize(20);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
