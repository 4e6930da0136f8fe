package dev.symbia.network.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The node sockets connected to THIS replica. This is the one piece of per-replica state, by nature:
 * a socket lives in one process. A node connected to another replica is reached over HTTP instead.
 *
 * <p>Sockets are keyed by node AND relay replica (issue 16): two replicas of one service register the
 * same node id (the service's name) and both stay connected; a reconnect of the same replica replaces
 * its own older socket. A relay that sends no replica id counts as one replica, as before. An event for
 * the node goes to ONE of its sockets, in turn: a node is the service, and a service handles an event
 * once, whichever replica takes it (SPEC §5, §10: a service's replicas share their state through
 * PostgreSQL, so any one of them may; delivering to each would make every replica act on it).
 */
@Component
public class LiveConnections {

    private static final Logger log = LoggerFactory.getLogger(LiveConnections.class);

    private record Live(String connectionId, String replica, WebSocketSession session) {
    }

    private final Map<String, List<Live>> byNode = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();

    /**
     * Binds a node's socket for one relay replica; an older socket of the same node and replica on this
     * network replica is closed (the new one wins). Binding the same connection again changes nothing.
     */
    public void bind(String nodeId, String replica, String connectionId, WebSocketSession session) {
        List<Live> replaced = new ArrayList<>();
        byNode.compute(nodeId, (id, current) -> {
            List<Live> next = new ArrayList<>();
            for (Live live : current == null ? List.<Live>of() : current) {
                if (live.connectionId().equals(connectionId)) {
                    continue;
                }
                if (live.replica().equals(replica)) {
                    replaced.add(live);
                } else {
                    next.add(live);
                }
            }
            next.add(new Live(connectionId, replica, session));
            return List.copyOf(next);
        });
        for (Live previous : replaced) {
            try {
                previous.session().close(new CloseStatus(4000, "replaced by a newer connection"));
            } catch (IOException e) {
                log.debug("Closing the replaced socket of {} failed", nodeId);
            }
        }
    }

    public void unbind(String nodeId, String connectionId) {
        byNode.computeIfPresent(nodeId, (id, current) -> {
            List<Live> next = current.stream().filter(live -> !live.connectionId().equals(connectionId)).toList();
            return next.isEmpty() ? null : next;
        });
    }

    public boolean isLive(String nodeId) {
        return byNode.getOrDefault(nodeId, List.of()).stream().anyMatch(live -> live.session().isOpen());
    }

    /** Another open socket of the node on this replica, if any (what the node stays connected by when one closes). */
    public Optional<String> anyConnection(String nodeId) {
        return byNode.getOrDefault(nodeId, List.of()).stream().filter(live -> live.session().isOpen())
                .map(Live::connectionId).findFirst();
    }

    /** How many sockets the node has here (one per relay replica). */
    public int connections(String nodeId) {
        return byNode.getOrDefault(nodeId, List.of()).size();
    }

    /**
     * Writes a frame to one of the node's sockets, taking them in turn and moving on to the next when one
     * fails; false when there is none here or every write failed.
     */
    public boolean send(String nodeId, String frame) {
        List<Live> sockets = byNode.get(nodeId);
        if (sockets == null || sockets.isEmpty()) {
            return false;
        }
        int size = sockets.size();
        int first = size == 1 ? 0 : Math.floorMod(turn.getAndIncrement(), size);
        for (int i = 0; i < size; i++) {
            Live live = sockets.get((first + i) % size);
            if (!live.session().isOpen()) {
                continue;
            }
            try {
                live.session().sendMessage(new TextMessage(frame));
                return true;
            } catch (IOException | RuntimeException e) {
                log.debug("Socket send to {} failed: {}", nodeId, e.getClass().getSimpleName());
            }
        }
        return false;
    }

    public int count() {
        return byNode.size();
    }
}
