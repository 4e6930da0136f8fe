package dev.symbia.network.registry;

import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.network.mirror.TableMirror;
import dev.symbia.relay.EventTypePattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The nodes as the router sees them, in memory (a {@link TableMirror} of {@code nodes}): who exists, who
 * owns it, whether it is online, what it subscribes to, where its endpoint is. Heartbeat times are not
 * kept current here (they do not decide routing; the liveness sweep decides status in the database).
 * The REST API reads the database, so what it shows is always exact.
 */
@Component
public class NodeDirectory implements DisposableBean {

    /** All nodes by id, and the online ones in id order (the candidates of a broadcast) with their patterns parsed. */
    record View(Map<String, Node> byId, List<Consumer> online) {
    }

    /** An online node and the event-type patterns it consumes (null: every type). */
    record Consumer(String id, List<EventTypePattern> patterns) {

        boolean consumes(String type) {
            if (patterns == null) {
                return true;
            }
            for (EventTypePattern pattern : patterns) {
                if (pattern.matches(type)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final TableMirror<String, Node, View> mirror;

    NodeDirectory(NodeStore nodes, PostgresNotifications notifications) {
        this.mirror = new TableMirror<>("nodes", Node::id, id -> id, nodes::findAll, nodes::find, NodeDirectory::view);
        mirror.open(notifications);
    }

    private static View view(Map<String, Node> rows) {
        List<Consumer> online = rows.values().stream().filter(Node::online).sorted(Comparator.comparing(Node::id))
                .map(node -> new Consumer(node.id(), node.subscriptions() == null ? null
                        : node.subscriptions().stream().filter(EventTypePattern::isValid).map(EventTypePattern::parse).toList()))
                .toList();
        return new View(rows, online);
    }

    public Optional<Node> find(String id) {
        return Optional.ofNullable(mirror.view().byId().get(id));
    }

    /**
     * Ids of online nodes other than {@code except} that consume {@code type}, in id order: who a contract to
     * {@code *} reaches (a node that declared no subscriptions consumes everything).
     */
    public List<String> onlineConsumersExcept(String except, String type) {
        List<String> ids = new ArrayList<>();
        for (Consumer node : mirror.view().online()) {
            if (!node.id().equals(except) && node.consumes(type)) {
                ids.add(node.id());
            }
        }
        return ids;
    }

    /** After this replica changed a node: the next event already sees it. */
    void refresh(String id) {
        mirror.refresh(id);
    }

    void reloadAll() {
        mirror.reloadAll();
    }

    @Override
    public void destroy() {
        mirror.close();
    }
}
