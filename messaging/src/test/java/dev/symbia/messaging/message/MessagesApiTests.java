package dev.symbia.messaging.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.messaging.conversation.Conversations;
import dev.symbia.messaging.conversation.MessagingTestSupport;
import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.web.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The Java API the chat stream calls: append (sequences, idempotency, events), finish, recent turns. */
class MessagesApiTests extends MessagingTestSupport {

    @Autowired
    private Messages messages;

    @Autowired
    private Conversations conversations;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void concurrentAppendsGetDistinctGapFreeSequences() throws Exception {
        UUID id = conversations.createPrivate(orgId, alice.id(), "user", null).id();
        int threads = 6;
        int perThread = 20;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<List<Long>>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(() -> {
                start.await();
                List<Long> sequences = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    sequences.add(messages.append(NewMessage.text(id, orgId, alice.id(), "user", "t" + thread + "-" + i,
                            MessageStatus.COMPLETE, null)).sequence());
                }
                return sequences;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> futures = work.stream().map(pool::submit).toList();
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> future : futures) {
                all.addAll(future.get());
            }
            assertThat(all).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(all)).containsExactlyElementsOf(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT last_sequence FROM conversations WHERE id = :id").param("id", id).query(Long.class).single())
                .isEqualTo(threads * perThread);
        assertThat(events.named(id.toString(), "message:new")).hasSize(threads * perThread);
    }

    @Test
    void concurrentAppendsOfOneIdStoreItOnce() throws Exception {
        UUID id = conversations.createPrivate(orgId, alice.id(), "user", null).id();
        UUID messageId = UUID.randomUUID();
        int threads = 5;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Messages.Appended>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return messages.appendOnce(new NewMessage(messageId, id, orgId, alice.id(), "user", "same", null, null,
                            null, null, null, null, true, null, null));
                }));
            }
            start.countDown();
            List<Messages.Appended> results = new ArrayList<>();
            for (Future<Messages.Appended> future : futures) {
                results.add(future.get());
            }
            assertThat(results).filteredOn(Messages.Appended::created).hasSize(1);
            assertThat(results).extracting(r -> r.message().sequence()).containsOnly(1L);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = :id").param("id", id).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void messageNewIsDeliveredOnlyOnceTheRowIsCommitted() {
        UUID id = conversations.createPrivate(orgId, alice.id(), "user", null).id();
        List<Long> visibleElsewhere = new CopyOnWriteArrayList<>();
        // Runs as the event is delivered; another thread (another connection) sees only committed rows.
        events.probe(event -> {
            if (event.name().equals("message:new")) {
                UUID messageId = ((MessageView) event.payload()).id();
                visibleElsewhere.add(CompletableFuture.supplyAsync(() -> jdbc.sql("SELECT count(*) FROM messages WHERE id = :id")
                        .param("id", messageId).query(Long.class).single()).join());
            }
        });
        try {
            messages.append(NewMessage.text(id, orgId, alice.id(), "user", "committed", MessageStatus.COMPLETE, null));
            transactions.executeWithoutResult(tx -> {
                messages.append(NewMessage.text(id, orgId, alice.id(), "user", "rolled back", MessageStatus.COMPLETE, null));
                tx.setRollbackOnly();
            });
        } finally {
            events.probe(null);
        }

        assertThat(visibleElsewhere).containsExactly(1L);
        List<ConversationEvent> news = events.named(id.toString(), "message:new");
        assertThat(news).singleElement().satisfies(e -> assertThat(((MessageView) e.payload()).content()).isEqualTo("committed"));
        assertThat(messages.recentTurns(id, 10)).extracting(Message::content).containsExactly("committed");
    }

    @Test
    void appendChecksItsInput() {
        UUID id = conversations.createPrivate(orgId, alice.id(), "user", null).id();

        assertThatThrownBy(() -> messages.append(NewMessage.text(id, "another-org", alice.id(), "user", "x", null, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(404));
        assertThatThrownBy(() -> messages.append(NewMessage.text(UUID.randomUUID(), orgId, alice.id(), "user", "x", null, null)))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> messages.append(NewMessage.text(id, orgId, alice.id(), "bot", "x", null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        Message appended = messages.append(NewMessage.text(id, orgId, "messaging", "service", "notice", null, null));
        assertThat(appended.senderType()).isEqualTo("service");
        assertThat(appended.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(appended.priority()).isEqualTo("normal");
        assertThat(appended.interruptible()).isTrue();
        assertThat(appended.contentType()).isEqualTo("text");
        assertThat(appended.metadata()).isEmpty();
    }

    @Test
    void aRefusedAppendLeavesNoGapInTheSequence() {
        UUID id = conversations.createPrivate(orgId, alice.id(), "user", null).id();
        UUID other = conversations.createPrivate(orgId, alice.id(), "user", null).id();
        Message elsewhere = messages.append(NewMessage.text(other, orgId, alice.id(), "user", "elsewhere", null, null));
        Message first = messages.append(NewMessage.text(id, orgId, alice.id(), "user", "first", null, null));

        assertThatThrownBy(() -> messages.append(NewMessage.text(id, orgId, alice.id(), "user", "reply", null, null)
                .inReplyTo(elsewhere.id(), null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(400));
        assertThatThrownBy(() -> messages.append(NewMessage.text(id, "another-org", alice.id(), "user", "x", null, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(404));
        Message second = messages.append(NewMessage.text(id, orgId, alice.id(), "user", "second", null, null)
                .inReplyTo(first.id(), null));

        assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
        assertThat(second.replyTo()).isEqualTo(first.id());
        assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = :id").param("id", id).query(Long.class).single())
                .isEqualTo(2);
        assertThat(events.named(id.toString(), "message:new")).hasSize(2);
    }

    @Test
    void finishCompletesAStreamedReplyAndAnnouncesIt() {
        UUID id = conversations.createPrivate(orgId, alice.id(), "user", null).id();
        conversations.ensureParticipant(id, "assistant:coordinator", "agent");
        Message placeholder = messages.append(NewMessage.text(id, orgId, "assistant:coordinator", "agent", "",
                MessageStatus.STREAMING, Map.of("provider", "sambanova")));

        Message finished = messages.finish(id, placeholder.id(), "Partial ans", MessageStatus.CANCELLED,
                Map.of("finishReason", "cancelled", "usage", Map.of("totalTokens", 12)));

        assertThat(finished.content()).isEqualTo("Partial ans");
        assertThat(finished.status()).isEqualTo(MessageStatus.CANCELLED);
        assertThat(finished.metadata()).containsEntry("provider", "sambanova").containsEntry("finishReason", "cancelled");
        assertThat(finished.editedAt()).as("finishing is not an edit").isNull();
        assertThat(finished.sequence()).isEqualTo(placeholder.sequence());
        assertThat(events.named(id.toString(), "message:updated")).singleElement()
                .satisfies(e -> assertThat(((MessageView) e.payload()).status()).isEqualTo(MessageStatus.CANCELLED));
        Response listed = get("/api/conversations/" + id + "/messages", alice);
        assertThat(listed.json().path("messages").get(0).path("status").asString()).isEqualTo("cancelled");
        assertThat(listed.json().path("messages").get(0).path("metadata").path("usage").path("totalTokens").asInt()).isEqualTo(12);

        assertThatThrownBy(() -> messages.finish(UUID.randomUUID(), placeholder.id(), "x", MessageStatus.COMPLETE, null))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void recentTurnsAreTheLastVisibleNonEventMessagesOldestFirst() {
        UUID id = conversations.createPrivate(orgId, alice.id(), "user", null).id();
        for (int i = 1; i <= 5; i++) {
            messages.append(NewMessage.text(id, orgId, alice.id(), "user", "turn " + i, null, null));
        }
        String fourth = messages.recentTurns(id, 2).getFirst().id().toString();
        delete("/api/conversations/" + id + "/messages/" + fourth, alice);
        post("/api/conversations/" + id + "/control", Map.of("event", "stream.cancel"), alice);

        assertThat(messages.recentTurns(id, 3)).extracting(Message::content).containsExactly("turn 2", "turn 3", "turn 5");
        assertThat(messages.recentTurns(id, 100)).hasSize(4);
        assertThat(messages.recentTurns(id, 0)).isEmpty();
        Set<String> types = new TreeSet<>();
        messages.recentTurns(id, 100).forEach(m -> types.add(m.contentType()));
        assertThat(types).containsExactly("text");
    }
}
