package dev.symbia.messaging.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reply's queue is bounded: what happens when it is full is explicit, and the last frame is never lost. */
class ReplyCallTests {

    private static final UpstreamFrame.Done DONE = new UpstreamFrame.Done("p", "m", "stop", null, null);

    private static UpstreamFrame.Delta delta(String text) {
        return new UpstreamFrame.Delta(text);
    }

    @Test
    void aReaderAheadOfTheCallerWaitsForRoom() throws Exception {
        ReplyCall call = new ReplyCall(2);
        call.offer(delta("a"));
        call.offer(delta("b"));

        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> call.offer(delta("c")));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !third.isDone());

        assertThat(call.next(Duration.ZERO)).isEqualTo(delta("a"));
        assertThat(third.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(call.next(Duration.ZERO)).isEqualTo(delta("b"));
        assertThat(call.next(Duration.ZERO)).isEqualTo(delta("c"));
    }

    @Test
    void aProducerThatMustNotWaitIsRefusedWhenFullButTheLastFrameAlwaysFits() throws Exception {
        ReplyCall call = new ReplyCall(1);
        assertThat(call.tryOffer(delta("a"))).isTrue();
        assertThat(call.tryOffer(delta("b"))).isFalse();

        assertThat(call.tryOffer(DONE)).isTrue();

        assertThat(call.next(Duration.ZERO)).isEqualTo(delta("a"));
        assertThat(call.next(Duration.ZERO)).isEqualTo(DONE);
        assertThat(call.offer(delta("late"))).as("nothing after the last frame").isFalse();
    }

    @Test
    void aStreamCancelReachesTheWriterEvenWhenTheQueueIsFull() throws Exception {
        ReplyCall call = new ReplyCall(1);
        call.offer(delta("a"));

        call.cancel("stream.cancel");

        assertThat(call.cancelled()).isTrue();
        assertThat(call.next(Duration.ZERO)).isEqualTo(delta("a"));
        assertThat(call.next(Duration.ZERO)).isInstanceOf(UpstreamFrame.Cancelled.class);
    }

    @Test
    void aCallerThatLeftReleasesAReaderWaitingForRoom() throws Exception {
        ReplyCall call = new ReplyCall(1);
        call.offer(delta("a"));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> call.offer(delta("b")));
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> !waiting.isDone());

        call.abort();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(call.next(Duration.ZERO)).isNull();
        assertThat(call.cancelled()).isTrue();
    }
}
