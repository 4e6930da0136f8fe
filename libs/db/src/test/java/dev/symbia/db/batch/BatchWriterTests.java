package dev.symbia.db.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchWriterTests {

    private final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());

    // A sink that waits until the test lets it go on.
    private static void hold(CountDownLatch release) {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Integer> written() {
        synchronized (batches) {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    @Test
    void beforeStartEveryItemIsWrittenOnTheCallersThread() {
        BatchWriter<Integer> writer = new BatchWriter<>("test", 10, 10, batches::add);
        writer.add(1);
        assertThat(batches).containsExactly(List.of(1));
    }

    @Test
    void itemsThatAccumulateWhileABatchIsWrittenGoOutTogetherAndStopWritesTheRest() throws Exception {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BatchWriter<Integer> writer = new BatchWriter<>("test", 100, 50, batch -> {
            firstBatchStarted.countDown();
            hold(release);
            batches.add(List.copyOf(batch));
        });
        writer.start();
        writer.add(0);
        assertThat(firstBatchStarted.await(5, TimeUnit.SECONDS)).isTrue();
        IntStream.rangeClosed(1, 80).forEach(writer::add); // returns at once: nothing is written on this thread
        assertThat(writer.queued()).isEqualTo(80);

        release.countDown();
        writer.stop();

        assertThat(written()).containsExactlyElementsOf(IntStream.rangeClosed(0, 80).boxed().toList());
        assertThat(batches).extracting(List::size).containsExactly(1, 50, 30);
        assertThat(writer.running()).isFalse();
    }

    @Test
    void aFullQueueMakesTheCallerWriteItsOwnItem() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        BatchWriter<Integer> writer = new BatchWriter<>("test", 2, 10, batch -> {
            threads.add(Thread.currentThread().getName());
            if (batch.contains(0)) {
                hold(release);
            }
            batches.add(List.copyOf(batch));
        });
        writer.start();
        writer.add(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.queued() == 0 && !threads.isEmpty());
        writer.add(1);
        writer.add(2);

        writer.add(3); // the queue holds 2: written here, not lost and not waiting for the blocked batch

        assertThat(batches).containsExactly(List.of(3));
        assertThat(threads).contains(Thread.currentThread().getName());
        release.countDown();
        writer.stop();
        assertThat(written()).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void awaitWrittenWaitsForWhatWasAddedBefore() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BatchWriter<Integer> writer = new BatchWriter<>("test", 10, 10, batch -> {
            hold(release);
            batches.add(List.copyOf(batch));
        });
        writer.start();
        writer.add(7);
        assertThat(writer.awaitWritten(Duration.ofMillis(50))).as("still being written").isFalse();

        CompletableFuture<Boolean> reader = CompletableFuture.supplyAsync(() -> writer.awaitWritten(Duration.ofSeconds(10)));
        release.countDown();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(written()).containsExactly(7);
        writer.stop();
    }

    @Test
    void aFailingBatchIsLoggedAndTheWriterGoesOn() {
        BatchWriter<Integer> writer = new BatchWriter<>("test", 10, 10, batch -> {
            if (batch.contains(13)) {
                throw new IllegalStateException("refused");
            }
            batches.add(List.copyOf(batch));
        });
        writer.start();
        writer.add(13);
        assertThat(writer.awaitWritten(Duration.ofSeconds(5))).isTrue();
        writer.add(14);
        assertThat(writer.awaitWritten(Duration.ofSeconds(5))).isTrue();
        writer.stop();
        assertThat(written()).containsExactly(14);
    }
}
