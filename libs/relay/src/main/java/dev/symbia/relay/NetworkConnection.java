package dev.symbia.relay;

import dev.symbia.core.Reconnects;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The node's one WebSocket to the network and its loop: connect, register (again, whenever the
 * subscriptions change), heartbeat, and reconnect forever with the platform's backoff
 * ({@link Reconnects}) until stopped.
 *
 * <p>Threads: everything that changes the socket state runs on the one "relay" thread; OkHttp's
 * listener callbacks only hand work to it (incoming events go straight to {@link IncomingEvents}). A publish
 * sends on the publisher's own thread when registered and nobody else is sending ({@link #flushNow}): a hand-off to
 * the relay thread per event was a thread wake-up on every event's way (issue 23).
 */
final class NetworkConnection {

    private static final Logger log = LoggerFactory.getLogger(RelayClient.class);

    private final RelaySettings settings;
    private final String nodeId;
    private final Supplier<NodeRegistration> registration;
    private final Supplier<List<String>> patterns;
    private final RelayCredentials credentials;
    private final RelayFrames frames;
    private final OutgoingEvents outgoing;
    private final IncomingEvents incoming;
    private final Reconnects reconnects;
    private final OkHttpClient http;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(RelayThreads.daemon("relay"));
    private final AtomicInteger registrations = new AtomicInteger();
    // This relay among the replicas of its service (same node id): the network keeps one socket per replica,
    // and a reconnect of the same replica replaces its own older socket. Stable across reconnects.
    private final String replica = UUID.randomUUID().toString();

    // Written on the relay thread only; read by publishers too (flushNow).
    private volatile WebSocket socket;
    // Sending and requeueing one at a time (see flush). A lock a publisher can try rather than a monitor it would wait
    // on: on Java 21 a virtual thread waiting for a monitor pins its carrier, e.g. while a reconnect sends a backlog.
    private final ReentrantLock sending = new ReentrantLock();
    // Owned by the relay thread.
    private ScheduledFuture<?> heartbeat;
    private boolean started;
    private List<String> declared = List.of(); // the patterns last sent to the network

    private volatile boolean registered;
    private volatile boolean closed;

    NetworkConnection(RelaySettings settings, String nodeId, Supplier<NodeRegistration> registration,
            Supplier<List<String>> patterns, RelayCredentials credentials, RelayFrames frames, OutgoingEvents outgoing,
            IncomingEvents incoming) {
        this.settings = settings;
        this.nodeId = nodeId;
        this.registration = registration;
        this.patterns = patterns;
        this.credentials = credentials;
        this.frames = frames;
        this.outgoing = outgoing;
        this.incoming = incoming;
        this.reconnects = Reconnects.of("relay-" + nodeId, settings.reconnectInitialDelay(), settings.reconnectMaxDelay());
        this.http = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(Duration.ZERO)
                .pingInterval(settings.pingInterval())
                .build();
    }

    void start() {
        execute(() -> {
            if (!started && !closed) {
                started = true;
                reconnects.reset();
                connect();
            }
        });
    }

    void stop() {
        execute(() -> {
            started = false;
            cancelHeartbeat();
            WebSocket ws = socket;
            socket = null;
            registered = false;
            requeueAll();
            if (ws != null) {
                ws.close(1001, "relay stopping");
            }
        });
    }

    /** Ends the loop for good: closes the socket and stops the thread (waits briefly). */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        registered = false;
        execute(() -> {
            cancelHeartbeat();
            if (socket != null) {
                socket.close(1001, "relay closing");
                socket = null;
            }
        });
        loop.shutdown();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    boolean isRegistered() {
        return registered && !closed;
    }

    boolean isClosed() {
        return closed;
    }

    int registrations() {
        return registrations.get();
    }

    String replica() {
        return replica;
    }

    /**
     * Something was published: send it now, on the caller's thread, if registered (else it waits for the next
     * registration). A socket lost meanwhile is harmless: what was sent on it is requeued (see flush).
     */
    void flushNow() {
        if (!registered || closed) {
            return;
        }
        if (sending.tryLock()) {
            try {
                sendUnsent();
            } finally {
                sending.unlock();
            }
        } else {
            execute(this::flush); // whoever is sending may be past this event: the relay thread sends it next
        }
    }

    /** A subscription was made or cancelled: declare the new set to the network. */
    void subscriptionsChanged() {
        execute(this::declareSubscriptions);
    }

    // ---- on the relay thread ----

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
            scheduleReconnect(e);
            return;
        }
        socket = http.newWebSocket(request, new Listener());
    }

    private void opened(WebSocket ws) {
        if (ws == socket) {
            ws.send(registerFrame());
        }
    }

    // The node declares what it consumes, so broadcasts reach only nodes with a matching subscription.
    private String registerFrame() {
        List<String> current = patterns.get();
        declared = current;
        return frames.register(replica, registration.get(), current);
    }

    // A subscription made or cancelled after registering: register again on the same socket with the new set.
    private void declareSubscriptions() {
        if (socket != null && registered && !patterns.get().equals(declared)) {
            socket.send(registerFrame());
        }
    }

    private void registered(WebSocket ws) {
        if (ws != socket || registered) {
            return;
        }
        registered = true;
        reconnects.connected();
        int count = registrations.incrementAndGet();
        log.info("Relay registered node '{}' with the network{}", nodeId, count > 1 ? " again" : "");
        long every = settings.heartbeatInterval().toMillis();
        heartbeat = loop.scheduleWithFixedDelay(() -> {
            if (socket == ws && registered) {
                ws.send(RelayFrames.HEARTBEAT);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        declareSubscriptions(); // one made between sending the registration and its acknowledgement
        flush();
    }

    private void flush() {
        sending.lock();
        try {
            sendUnsent();
        } finally {
            sending.unlock();
        }
    }

    // Under the sending lock, on the relay thread or a publisher's. The socket is read under the lock requeueAll
    // takes, after the relay thread cleared it: a flush either sees no socket, or sends before the requeue (so it is
    // sent again on the next connection).
    private void sendUnsent() {
        WebSocket ws = socket;
        if (registered && ws != null) {
            outgoing.flush(ws);
        }
    }

    /** The connection is gone: everything unacknowledged is sent again on the next one. */
    private void requeueAll() {
        sending.lock();
        try {
            outgoing.requeueAll();
        } finally {
            sending.unlock();
        }
    }

    private void acked(JsonNode frame) {
        if (outgoing.acked(frame) == OutgoingEvents.Ack.REREGISTER && socket != null) {
            socket.close(1000, "re-register");
        }
    }

    private void gone(WebSocket ws, Lost why) {
        if (ws != socket) {
            return;
        }
        socket = null;
        boolean wasRegistered = registered;
        registered = false;
        cancelHeartbeat();
        requeueAll();
        if (wasRegistered) {
            log.warn("Relay lost its connection to the network ({}); reconnecting", why.getMessage());
        } else {
            log.debug("Relay could not connect to the network ({})", why.getMessage());
        }
        scheduleReconnect(why);
    }

    private void scheduleReconnect(Exception cause) {
        if (closed || !started) {
            return;
        }
        loop.schedule(this::connect, reconnects.failed(cause).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Why a socket ended, for the log and the retry's record; no stack trace to fill. */
    private static final class Lost extends Exception {
        Lost(String why) {
            super(why, null, false, false);
        }
    }

    private final class Listener extends WebSocketListener {

        @Override
        public void onOpen(WebSocket ws, Response response) {
            execute(() -> opened(ws));
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            JsonNode frame = frames.read(text);
            if (frame == null) {
                log.warn("Relay ignored an unreadable frame from the network");
                return;
            }
            String op = RelayFrames.text(frame, "op");
            if (op == null) {
                return;
            }
            switch (op) {
                case RelayProtocol.OP_REGISTERED -> execute(() -> registered(ws));
                case RelayProtocol.OP_ACK -> execute(() -> acked(frame));
                case RelayProtocol.OP_EVENT -> incoming.receiveFrame(frame.get("event"));
                case RelayProtocol.OP_ERROR -> log.warn("Network says: {} ({})", RelayFrames.text(frame, "code"),
                        RelayFrames.text(frame, "message"));
                default -> log.debug("Relay ignored frame op '{}'", op);
            }
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            ws.close(1000, null);
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            execute(() -> gone(ws, new Lost("closed " + code)));
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response response) {
            String why = response != null ? "HTTP " + response.code() : t.getClass().getSimpleName();
            if (response != null && (response.code() == 401 || response.code() == 403)) {
                log.warn("Network refused the relay's credentials ({}); retrying with backoff", why);
            }
            execute(() -> gone(ws, new Lost(why)));
        }
    }
}
