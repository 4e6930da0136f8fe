package dev.symbia.relay;

import dev.symbia.core.Backoff;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The relay: one WebSocket from a node to the network. It registers on every (re)connect,
 * heartbeats, reconnects forever with jittered exponential backoff, buffers what is published while
 * disconnected, and verifies everything it receives before handing it to subscribers.
 *
 * <p>Threads: one "relay" thread owns the connection state (connect, register, heartbeat, flush,
 * acks); one "relay-dispatch" thread runs subscriber handlers in arrival order. {@link #publish}
 * only appends to the buffer and wakes the relay thread, so it never blocks on the network.
 */
public final class RelayClient implements Relay, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelayClient.class);
    private static final int RECENT_IDS_BOUND = 50_000;

    private final RelaySettings settings;
    private final Supplier<NodeRegistration> registration;
    private final String nodeId;
    private final EnvelopeSigner signer;
    private final EnvelopeVerifier verifier;
    private final EnvelopeCodec codec;
    private final JsonMapper mapper;
    private final RelayCredentials credentials;
    private final Clock clock;
    private final OkHttpClient http;
    private final ScheduledExecutorService loop;
    private final ExecutorService dispatcher;
    private final Outbox outbox;
    private final RecentIds recent;
    private final IntervalFunction backoff;
    private final List<Sub<?>> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicInteger registrations = new AtomicInteger();
    // This relay among the replicas of its service (same node id): the network keeps one socket per replica,
    // and a reconnect of the same replica replaces its own older socket. Stable across reconnects.
    private final String replica = UUID.randomUUID().toString();
    private final MeterRegistry meters;
    private final Counter dropped;
    private final Counter published;
    private final Counter received;
    private final Counter handlerFailures;

    // Owned by the relay thread.
    private WebSocket socket;
    private ScheduledFuture<?> heartbeat;
    private int attempts;
    private boolean started;

    private volatile boolean registered;
    private List<String> declared = List.of(); // the patterns last sent to the network (relay thread only)
    private volatile boolean closed;

    private record Sub<T>(EventTypePattern pattern, Class<T> type, Consumer<RelayEvent<T>> handler) {
    }

    public RelayClient(RelaySettings settings, Supplier<NodeRegistration> registration, String nodeId,
            EnvelopeSigner signer, EnvelopeCodec codec, RelayCredentials credentials, MeterRegistry meters, Clock clock) {
        if (nodeId == null || !EnvelopeCodec.NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("invalid node id: " + nodeId);
        }
        this.settings = settings;
        this.registration = registration;
        this.nodeId = nodeId;
        this.signer = signer;
        this.codec = codec;
        this.mapper = codec.mapper();
        this.verifier = new EnvelopeVerifier(signer, settings.replayWindow(), clock);
        this.credentials = credentials == null ? RelayCredentials.none() : credentials;
        this.clock = clock;
        this.meters = meters == null ? new SimpleMeterRegistry() : meters;
        this.outbox = new Outbox(settings.bufferCapacity());
        this.recent = new RecentIds(settings.replayWindow(), RECENT_IDS_BOUND);
        this.backoff = Backoff.exponential(settings.reconnectInitialDelay(), settings.reconnectMaxDelay());
        this.http = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(Duration.ZERO)
                .pingInterval(settings.pingInterval())
                .build();
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("relay"));
        this.dispatcher = Executors.newSingleThreadExecutor(daemon("relay-dispatch"));
        this.dropped = Counter.builder("symbia.relay.outbox.dropped")
                .description("Events dropped from the relay buffer because it was full").register(this.meters);
        this.published = Counter.builder("symbia.relay.events.published")
                .description("Events the network accepted from this relay").register(this.meters);
        this.received = Counter.builder("symbia.relay.events.received")
                .description("Verified events received by this relay").register(this.meters);
        this.handlerFailures = Counter.builder("symbia.relay.handler.failures")
                .description("Subscriber handlers that threw or could not bind the event data").register(this.meters);
        Gauge.builder("symbia.relay.outbox.size", outbox, Outbox::size)
                .description("Events waiting for the network's acknowledgement").register(this.meters);
        Gauge.builder("symbia.relay.connected", this, relay -> relay.registered ? 1 : 0)
                .description("1 while registered with the network").register(this.meters);
    }

    /** Starts connecting in the background; returns immediately. Also resumes after {@link #stop()}. */
    public void start() {
        execute(() -> {
            if (!started && !closed) {
                started = true;
                attempts = 0;
                connect();
            }
        });
    }

    /**
     * Disconnects and stays disconnected until {@link #start()}, keeping the buffer and subscriptions
     * (an application context that is stopped and started again). {@link #close()} ends the relay for good.
     */
    public void stop() {
        execute(() -> {
            started = false;
            cancelHeartbeat();
            WebSocket ws = socket;
            socket = null;
            registered = false;
            outbox.requeueAll();
            if (ws != null) {
                ws.close(1001, "relay stopping");
            }
        });
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /** This relay's replica id, sent when it registers (two replicas of one service share the node id). */
    public String replicaId() {
        return replica;
    }

    @Override
    public boolean isConnected() {
        return registered && !closed;
    }

    /** How many times the relay has registered since it started (re-registrations included). */
    @Override
    public int registrations() {
        return registrations.get();
    }

    /** Events waiting for the network to acknowledge them. */
    public int buffered() {
        return outbox.size();
    }

    @Override
    public String publish(Publication publication) {
        Objects.requireNonNull(publication, "publication");
        check(publication.type(), EnvelopeCodec.TYPE, "type");
        checkOptional(publication.target(), EnvelopeCodec.NODE_ID, "target");
        checkOptional(publication.runId(), EnvelopeCodec.ID, "runId");
        checkOptional(publication.causedBy(), EnvelopeCodec.ID, "causedBy");
        JsonNode data = publication.data() == null ? NullNode.getInstance() : codec.toData(publication.data());
        Jcs.canonicalize(data); // refuses non I-JSON data now rather than when it is sent
        String id = UUID.randomUUID().toString();
        if (closed) {
            log.warn("Relay is closed; event {} of type {} is discarded", id, publication.type());
            return id;
        }
        Outbox.Draft draft = new Outbox.Draft(id, publication.type(), publication.target(),
                publication.runId() == null ? UUID.randomUUID().toString() : publication.runId(),
                publication.causedBy(), publication.boundary() == null ? Boundary.INTRA : publication.boundary(), data);
        int lost = outbox.offer(draft);
        if (lost > 0) {
            dropped.increment(lost);
            log.debug("Relay buffer full: dropped {} oldest event(s)", lost);
        }
        if (registered) {
            execute(this::flush);
        }
        return id;
    }

    @Override
    public <T> Subscription subscribe(String typePattern, Class<T> dataType, Consumer<RelayEvent<T>> handler) {
        Sub<T> sub = new Sub<>(EventTypePattern.parse(typePattern), Objects.requireNonNull(dataType),
                Objects.requireNonNull(handler));
        subscriptions.add(sub);
        execute(this::declareSubscriptions);
        return () -> {
            if (subscriptions.remove(sub)) {
                execute(this::declareSubscriptions);
            }
        };
    }

    /**
     * Accepts an envelope delivered to this node (over the socket or the HTTP delivery endpoint).
     * Returns false for a repeat of an event already accepted; throws {@link EnvelopeRejectedException}
     * when it is malformed, not authentic or outside the window.
     */
    public boolean receive(String json) {
        return receive(parse(() -> codec.read(json)));
    }

    private Envelope parse(java.util.function.Supplier<Envelope> reader) {
        try {
            return reader.get();
        } catch (EnvelopeRejectedException e) {
            rejected(e.reason());
            log.warn("Relay refused an incoming event: {}", e.reason().code());
            throw e;
        }
    }

    boolean receive(Envelope candidate) {
        Envelope envelope;
        try {
            envelope = verifier.verify(candidate);
        } catch (EnvelopeRejectedException e) {
            rejected(e.reason());
            log.warn("Relay refused an incoming event from '{}': {}", candidate.source(), e.reason().code());
            throw e;
        }
        if (!recent.firstTime(envelope.id(), clock.instant())) {
            return false;
        }
        received.increment();
        try {
            dispatcher.execute(() -> dispatch(envelope));
        } catch (RejectedExecutionException e) {
            log.debug("Relay closed; incoming event {} not dispatched", envelope.id());
        }
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        registered = false;
        try {
            loop.execute(() -> {
                cancelHeartbeat();
                if (socket != null) {
                    socket.close(1001, "relay closing");
                    socket = null;
                }
            });
        } catch (RejectedExecutionException ignored) {
            // already shut down
        }
        loop.shutdown();
        dispatcher.shutdown();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
            dispatcher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    // ---- connection state, on the relay thread ----

    private void connect() {
        if (closed || !started || socket != null) {
            return;
        }
        Request request;
        try {
            Request.Builder builder = new Request.Builder().url(settings.socketUrl().toString());
            credentials.headers().forEach(builder::header);
            request = builder.build();
        } catch (RuntimeException e) {
            log.warn("Relay could not prepare its connection ({}); retrying", e.getClass().getSimpleName());
            scheduleReconnect();
            return;
        }
        socket = http.newWebSocket(request, new Listener());
    }

    private void opened(WebSocket ws) {
        if (ws != socket) {
            return;
        }
        ws.send(registerFrame());
    }

    // The node declares what it consumes, so broadcasts reach only nodes with a matching subscription.
    private String registerFrame() {
        List<String> patterns = patterns();
        declared = patterns;
        ObjectNode frame = mapper.createObjectNode();
        frame.put("op", RelayProtocol.OP_REGISTER);
        frame.put("replica", replica);
        frame.set("node", mapper.valueToTree(registration.get().withSubscriptions(patterns)));
        return mapper.writeValueAsString(frame);
    }

    // A subscription made or cancelled after registering: register again on the same socket with the new set.
    private void declareSubscriptions() {
        if (socket != null && registered && !patterns().equals(declared)) {
            socket.send(registerFrame());
        }
    }

    private List<String> patterns() {
        return subscriptions.stream().map(sub -> sub.pattern().pattern()).distinct().sorted().toList();
    }

    private void registered(WebSocket ws) {
        if (ws != socket || registered) {
            return;
        }
        registered = true;
        attempts = 0;
        int count = registrations.incrementAndGet();
        log.info("Relay registered node '{}' with the network{}", nodeId, count > 1 ? " again" : "");
        long every = settings.heartbeatInterval().toMillis();
        String beat = "{\"op\":\"" + RelayProtocol.OP_HEARTBEAT + "\"}";
        heartbeat = loop.scheduleWithFixedDelay(() -> {
            if (socket == ws && registered) {
                ws.send(beat);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        declareSubscriptions(); // one made between sending the registration and its acknowledgement
        flush();
    }

    private void gone(WebSocket ws, String why) {
        if (ws != socket) {
            return;
        }
        socket = null;
        boolean wasRegistered = registered;
        registered = false;
        cancelHeartbeat();
        outbox.requeueAll();
        if (wasRegistered) {
            log.warn("Relay lost its connection to the network ({}); reconnecting", why);
        } else {
            log.debug("Relay could not connect to the network ({})", why);
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed || !started) {
            return;
        }
        long delay = backoff.apply(++attempts);
        loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void flush() {
        WebSocket ws = socket;
        if (!registered || ws == null) {
            return;
        }
        for (Outbox.Draft draft : outbox.unsent()) {
            Envelope envelope;
            try {
                // Stamped at transmission: an event buffered through an outage is still inside the window.
                envelope = signer.sign(new Envelope(draft.id(), draft.type(), nodeId, draft.target(), draft.runId(),
                        draft.causedBy(), draft.boundary(), EnvelopeCodec.timestamp(clock.instant()), draft.data(), null));
            } catch (RuntimeException e) {
                outbox.acknowledge(draft.id());
                refused(RejectionReason.MALFORMED);
                log.error("Relay could not sign event {} of type {}; discarded", draft.id(), draft.type());
                continue;
            }
            ObjectNode frame = mapper.createObjectNode();
            frame.put("op", RelayProtocol.OP_PUBLISH);
            frame.set("event", codec.toTree(envelope));
            if (!ws.send(mapper.writeValueAsString(frame))) {
                return; // the socket is closing; gone() requeues everything
            }
            outbox.markSent(draft.id());
        }
    }

    private void acked(JsonNode frame) {
        String ref = text(frame, "ref");
        if (ref == null) {
            return;
        }
        if (frame.path("ok").asBoolean(false)) {
            if (outbox.acknowledge(ref)) {
                published.increment();
            }
            return;
        }
        RejectionReason reason = RejectionReason.fromCode(text(frame, "code"));
        switch (reason) {
            case DUPLICATE -> outbox.acknowledge(ref); // accepted earlier, its ack was lost with the connection
            case NOT_REGISTERED -> {
                // The network forgot this connection's registration: start over on a fresh socket.
                if (socket != null) {
                    socket.close(1000, "re-register");
                }
            }
            default -> {
                outbox.acknowledge(ref);
                refused(reason);
                log.warn("Network refused event {}: {} ({})", ref, reason.code(), text(frame, "message"));
            }
        }
    }

    private void cancelHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
    }

    // ---- incoming ----

    private void dispatch(Envelope envelope) {
        for (Sub<?> sub : subscriptions) {
            if (sub.pattern().matches(envelope.type())) {
                deliver(sub, envelope);
            }
        }
    }

    private <T> void deliver(Sub<T> sub, Envelope envelope) {
        try {
            T value = sub.type() == JsonNode.class ? sub.type().cast(envelope.data())
                    : mapper.treeToValue(envelope.data(), sub.type());
            sub.handler().accept(new RelayEvent<>(envelope, value));
        } catch (RuntimeException e) {
            handlerFailures.increment();
            log.warn("Subscriber for '{}' failed on event {} ({}): {}", sub.pattern(), envelope.id(), envelope.type(),
                    e.getClass().getSimpleName());
        }
    }

    private final class Listener extends WebSocketListener {

        @Override
        public void onOpen(WebSocket ws, Response response) {
            execute(() -> opened(ws));
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            JsonNode frame;
            try {
                frame = mapper.readTree(text);
            } catch (JacksonException e) {
                log.warn("Relay ignored an unreadable frame from the network");
                return;
            }
            String op = text(frame, "op");
            if (op == null) {
                return;
            }
            switch (op) {
                case RelayProtocol.OP_REGISTERED -> execute(() -> registered(ws));
                case RelayProtocol.OP_ACK -> execute(() -> acked(frame));
                case RelayProtocol.OP_EVENT -> {
                    try {
                        receive(parse(() -> codec.fromTree(frame.get("event"))));
                    } catch (EnvelopeRejectedException e) {
                        // counted and logged in receive()
                    }
                }
                case RelayProtocol.OP_ERROR -> log.warn("Network says: {} ({})", text(frame, "code"), text(frame, "message"));
                default -> log.debug("Relay ignored frame op '{}'", op);
            }
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            ws.close(1000, null);
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            execute(() -> gone(ws, "closed " + code));
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response response) {
            String why = response != null ? "HTTP " + response.code() : t.getClass().getSimpleName();
            if (response != null && (response.code() == 401 || response.code() == 403)) {
                log.warn("Network refused the relay's credentials ({}); retrying with backoff", why);
            }
            execute(() -> gone(ws, why));
        }
    }

    // ---- helpers ----

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void rejected(RejectionReason reason) {
        Counter.builder("symbia.relay.events.rejected").tag("reason", reason.code())
                .description("Incoming events this relay refused").register(meters).increment();
    }

    private void refused(RejectionReason reason) {
        Counter.builder("symbia.relay.events.refused").tag("reason", reason.code())
                .description("Published events the network refused for good").register(meters).increment();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static void check(String value, java.util.regex.Pattern pattern, String field) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid event " + field + ": " + value);
        }
    }

    private static void checkOptional(String value, java.util.regex.Pattern pattern, String field) {
        if (value != null) {
            check(value, pattern, field);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
