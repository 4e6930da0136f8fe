package dev.symbia.network.delivery;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The node sockets connected to THIS replica. This is the one piece of per-replica state, by nature:
 * a socket lives in one process. A node connected to another replica is reached over HTTP instead.
 */
@Component
public class LiveConnections {

    private static final Logger log = LoggerFactory.getLogger(LiveConnections.class);

    private record Live(String connectionId, WebSocketSession session) {
    }

    private final Map<String, Live> byNode = new ConcurrentHashMap<>();

    /** Binds a node to a socket; an older socket of the same node on this replica is closed (the new one wins). */
    public void bind(String nodeId, String connectionId, WebSocketSession session) {
        Live previous = byNode.put(nodeId, new Live(connectionId, session));
        if (previous != null && !previous.connectionId().equals(connectionId)) {
            try {
                previous.session().close(new CloseStatus(4000, "replaced by a newer connection"));
            } catch (IOException e) {
                log.debug("Closing the replaced socket of {} failed", nodeId);
            }
        }
    }

    public void unbind(String nodeId, String connectionId) {
        byNode.computeIfPresent(nodeId, (id, live) -> live.connectionId().equals(connectionId) ? null : live);
    }

    public boolean isLive(String nodeId) {
        return Optional.ofNullable(byNode.get(nodeId)).map(live -> live.session().isOpen()).orElse(false);
    }

    /** Writes a frame to the node's socket; false when there is none here or writing failed. */
    public boolean send(String nodeId, String frame) {
        Live live = byNode.get(nodeId);
        if (live == null || !live.session().isOpen()) {
            return false;
        }
        try {
            live.session().sendMessage(new TextMessage(frame));
            return true;
        } catch (IOException | RuntimeException e) {
            log.debug("Socket send to {} failed: {}", nodeId, e.getClass().getSimpleName());
            return false;
        }
    }

    public int count() {
        return byNode.size();
    }
}
