package dev.symbia.web.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamPipeTests {

    private static StreamPipe<String> pipe(int capacity) {
        return new StreamPipe<>(capacity, "end"::equals);
    }

    @Test
    void aFullPipeMakesTheProducerWaitUntilTheConsumerReads() throws Exception {
        StreamPipe<String> pipe = pipe(2);
        assertThat(pipe.emit("a")).isTrue();
        assertThat(pipe.emit("b")).isTrue();

        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> pipe.emit("c"));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !third.isDone());

        assertThat(pipe.poll(Duration.ZERO)).isEqualTo("a");
        assertThat(third.get()).isTrue();
        assertThat(pipe.poll(Duration.ZERO)).isEqualTo("b");
        assertThat(pipe.poll(Duration.ZERO)).isEqualTo("c");
        assertThat(pipe.poll(Duration.ZERO)).isNull();
    }

    @Test
    void theLastEventFindsRoomInAFullPipeAndComesAfterEverythingQueued() throws Exception {
        StreamPipe<String> pipe = pipe(2);
        pipe.emit("a");
        pipe.emit("b");
        assertThat(pipe.tryEmit("c")).as("full: refused without waiting").isFalse();

        assertThat(pipe.tryEmit("end")).isTrue();

        assertThat(pipe.next()).isEqualTo("a");
        assertThat(pipe.next()).isEqualTo("b");
        assertThat(pipe.next()).isEqualTo("end");
        assertThat(pipe.isTerminated()).isTrue();
    }

    @Test
    void onlyOneLastEventPassesAndNothingAfterIt() throws Exception {
        StreamPipe<String> pipe = pipe(4);
        assertThat(pipe.emit("end")).isTrue();
        assertThat(pipe.emit("end")).isFalse();
        assertThat(pipe.emit("late")).isFalse();
        assertThat(pipe.next()).isEqualTo("end");
        assertThat(pipe.poll(Duration.ZERO)).isNull();
    }

    @Test
    void cancellingReleasesAWaitingProducerDropsTheQueueAndRunsTheCancelAction() throws Exception {
        StreamPipe<String> pipe = pipe(1);
        AtomicInteger cancelled = new AtomicInteger();
        pipe.onCancel(cancelled::incrementAndGet);
        pipe.emit("a");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> pipe.emit("b"));
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> !waiting.isDone());

        pipe.cancel();
        pipe.cancel();

        assertThat(waiting.get()).as("the waiting producer gives up").isFalse();
        assertThat(cancelled).hasValue(1);
        assertThat(pipe.poll(Duration.ZERO)).isNull();
        assertThat(pipe.emit("end")).isFalse();
        assertThat(pipe.isCancelled()).isTrue();
    }

    @Test
    void pollWaitsAtMostItsTime() throws Exception {
        StreamPipe<String> pipe = pipe(1);
        assertThat(pipe.poll(Duration.ofMillis(20))).isNull();
        CompletableFuture.runAsync(() -> pipe.emit("a"));
        assertThat(pipe.poll(Duration.ofSeconds(5))).isEqualTo("a");
    }
}
