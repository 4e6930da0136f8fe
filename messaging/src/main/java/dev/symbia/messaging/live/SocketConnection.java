package dev.symbia.messaging.live;

import dev.symbia.auth.Caller;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One WebSocket: who it is, the conversations it receives, and its outbox. Only the outbox's thread
 * writes to the session, so events, acks and pings never interleave mid-frame.
 */
final class SocketConnection implements Subscriber, Outbox.Sink<String> {

    /** 1013 Try Again Later: the client fell too far behind and should reconnect. */
    static final CloseStatus TOO_SLOW = CloseStatus.SERVICE_OVERLOAD.withReason("Too slow; reconnect");

    final WebSocketSession session;
    final Caller caller;
    final Set<UUID> conversations = ConcurrentHashMap.newKeySet();
    private volatile Outbox<String> outbox;

    SocketConnection(WebSocketSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    void attach(Outbox<String> outbox) {
        this.outbox = outbox;
    }

    /** Queues a reply (ack, error) behind whatever is already queued. */
    boolean reply(String text) {
        Outbox<String> current = outbox;
        return current != null && current.offer(text, text.length() * 2);
    }

    /** Ends the outbox; its thread then closes the session. */
    void finish(Outbox.Ending ending) {
        Outbox<String> current = outbox;
        if (current != null) {
            current.end(ending);
        }
    }

    boolean isOpen() {
        Outbox<String> current = outbox;
        return current != null && current.isOpen();
    }

    @Override
    public String principalId() {
        return caller.actorId();
    }

    @Override
    public Transport transport() {
        return Transport.WEBSOCKET;
    }

    @Override
    public boolean deliver(LiveFrame frame) {
        Outbox<String> current = outbox;
        return current != null && current.offer(frame.socketText(), frame.size());
    }

    @Override
    public void send(String text) throws IOException {
        session.sendMessage(new TextMessage(text));
    }

    @Override
    public void heartbeat() throws IOException {
        session.sendMessage(new PingMessage());
    }

    @Override
    public void end(Outbox.Ending ending) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(switch (ending) {
                case TOO_SLOW -> TOO_SLOW;
                case SHUTDOWN -> CloseStatus.GOING_AWAY;
                case CLIENT_GONE -> CloseStatus.NORMAL;
            });
        } catch (IOException e) {
            // already gone
        }
    }
}
