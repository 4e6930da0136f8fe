package dev.symbia.network.registry;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.network.security.Capabilities;
import dev.symbia.network.security.Principals;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EventTypePattern;
import dev.symbia.relay.NodeRegistration;
import dev.symbia.web.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registration rules, the same for the WebSocket and REST: a service or agent may register the node
 * that carries its own id (type service / assistant); anything else needs
 * {@code cap:network.nodes.admin}, and taking over a node another principal owns needs super admin.
 * The registering principal becomes the node's owner, the only one allowed to publish as it.
 */
@Service
public class NodeRegistry {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    private static final int MAX_CAPABILITIES = 100;
    private static final int MAX_SUBSCRIPTIONS = 100;
    private static final int MAX_METADATA_BYTES = 16 * 1024;

    private final NodeStore nodes;
    private final NodeDirectory directory;
    private final JsonMapper json;
    private final MeterRegistry meters;

    NodeRegistry(NodeStore nodes, NodeDirectory directory, JsonMapper json, MeterRegistry meters) {
        this.nodes = nodes;
        this.directory = directory;
        this.json = json;
        this.meters = meters;
    }

    /** Validates, authorises and stores a registration; {@code connectionId} is null over REST. */
    public Node register(SymbiaPrincipal principal, NodeRegistration registration, String connectionId) {
        NodeRegistration valid = validate(registration);
        Optional<Node> existing = nodes.find(valid.id());
        if (!mayRegister(principal, valid, existing)) {
            throw ProblemException.forbidden("You may not register node '" + valid.id() + "'.");
        }
        Node node = nodes.upsert(valid, Principals.key(principal), connectionId);
        directory.refresh(node.id());
        meters.counter("network.node.registered", "via", connectionId == null ? "rest" : "websocket").increment();
        log.info("Node '{}' ({}) registered by {}{}", node.id(), node.type(), Principals.key(principal),
                connectionId == null ? "" : " over its socket");
        return node;
    }

    static boolean mayRegister(SymbiaPrincipal principal, NodeRegistration registration, Optional<Node> existing) {
        if (principal.superAdmin()) {
            return true;
        }
        boolean ownIdentity = Principals.id(principal).equals(registration.id())
                && (principal.isService() && "service".equals(registration.type())
                || principal.isAgent() && "assistant".equals(registration.type()));
        if (ownIdentity) {
            return true;
        }
        return principal.hasCapability(Capabilities.NODES_ADMIN)
                && existing.map(node -> node.owner().equals(Principals.key(principal))).orElse(true);
    }

    /** A heartbeat from the node's owner (or a nodes admin). */
    public void heartbeat(SymbiaPrincipal principal, String id) {
        Node node = nodes.find(id).orElseThrow(() -> ProblemException.notFound("Node '" + id + "'"));
        if (!node.owner().equals(Principals.key(principal)) && !principal.hasCapability(Capabilities.NODES_ADMIN)) {
            throw ProblemException.forbidden("Only the node's owner may send its heartbeat.");
        }
        beat(id);
    }

    /** A heartbeat over the node's own socket: the connection already proves ownership. */
    public void heartbeat(String id) {
        beat(id);
    }

    private void beat(String id) {
        nodes.heartbeat(id);
        // Only a node coming back online changes routing; a plain heartbeat costs the router nothing.
        if (!directory.find(id).map(Node::online).orElse(false)) {
            directory.refresh(id);
        }
        meters.counter("network.node.heartbeat").increment();
    }

    public void delete(String id) {
        if (!nodes.delete(id)) {
            throw ProblemException.notFound("Node '" + id + "'");
        }
        directory.refresh(id);
        meters.counter("network.node.unregistered").increment();
    }

    /** A socket closed; {@code replacement} is another live socket of the node on this replica, or null. */
    public void disconnected(String id, String connectionId, String replacement) {
        nodes.clearConnection(id, connectionId, replacement);
        directory.refresh(id);
    }

    public Optional<Node> find(String id) {
        return nodes.find(id);
    }

    public List<Node> all() {
        return nodes.findAll();
    }

    public List<Node> byType(String type) {
        if (!Node.TYPES.contains(type)) {
            throw ProblemException.badRequest("type must be one of " + Node.TYPES + ".");
        }
        return nodes.findByType(type);
    }

    public List<Node> byCapability(String capability) {
        return nodes.findByCapability(capability);
    }

    private NodeRegistration validate(NodeRegistration r) {
        if (r == null) {
            throw ProblemException.badRequest("A node registration is required.");
        }
        if (r.id() == null || !EnvelopeCodec.NODE_ID.matcher(r.id()).matches()) {
            throw ProblemException.badRequest("id must be 1-128 letters, digits or . _ : @ - and start with a letter or digit.");
        }
        String name = r.name() == null || r.name().isBlank() ? r.id() : r.name().strip();
        if (name.length() > 200) {
            throw ProblemException.badRequest("name must be at most 200 characters.");
        }
        if (r.type() == null || !Node.TYPES.contains(r.type())) {
            throw ProblemException.badRequest("type must be one of " + Node.TYPES + ".");
        }
        List<String> capabilities = r.capabilities();
        if (capabilities.size() > MAX_CAPABILITIES
                || capabilities.stream().anyMatch(c -> c == null || c.isBlank() || c.length() > 200)) {
            throw ProblemException.badRequest("capabilities must be at most " + MAX_CAPABILITIES + " non-empty strings.");
        }
        if (r.endpoint() != null && !isHttpUrl(r.endpoint())) {
            throw ProblemException.badRequest("endpoint must be an absolute http(s) URL.");
        }
        Map<String, Object> metadata = r.metadata();
        if (json.writeValueAsBytes(metadata).length > MAX_METADATA_BYTES) {
            throw ProblemException.badRequest("metadata must be at most 16 KiB of JSON.");
        }
        List<String> subscriptions = r.subscriptions();
        if (subscriptions != null && (subscriptions.size() > MAX_SUBSCRIPTIONS
                || !subscriptions.stream().allMatch(EventTypePattern::isValid))) {
            throw ProblemException.badRequest("subscriptions must be at most " + MAX_SUBSCRIPTIONS
                    + " event-type patterns: *, an exact type, or prefix.*");
        }
        return new NodeRegistration(r.id(), name, r.type(), capabilities.stream().distinct().toList(),
                r.endpoint() == null || r.endpoint().isBlank() ? null : r.endpoint(), metadata,
                subscriptions == null ? null : subscriptions.stream().distinct().toList());
    }

    private static boolean isHttpUrl(String value) {
        if (value.length() > 2048) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && uri.getUserInfo() == null;
        } catch (Exception e) {
            return false;
        }
    }
}
