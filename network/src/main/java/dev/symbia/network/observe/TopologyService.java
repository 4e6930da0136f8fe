package dev.symbia.network.observe;

import dev.symbia.network.contract.Contract;
import dev.symbia.network.contract.ContractStore;
import dev.symbia.network.contract.ContractView;
import dev.symbia.network.policy.PolicyStore;
import dev.symbia.network.policy.PolicyView;
import dev.symbia.network.registry.Node;
import dev.symbia.network.registry.NodeStore;
import dev.symbia.network.registry.NodeView;
import dev.symbia.network.trace.EventStore;
import dev.symbia.network.trace.TraceStatus;
import dev.symbia.network.trace.TraceStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** What the network looks like now: nodes and contracts, the counts, the reachability graph, the policies. */
@Service
class TopologyService {

    record GraphNode(String id, String name, String type, String status, boolean connected) {
    }

    private final NodeStore nodes;
    private final ContractStore contracts;
    private final PolicyStore policies;
    private final EventStore events;
    private final TraceStore traces;
    private final JsonMapper json;
    private final Clock clock;

    TopologyService(NodeStore nodes, ContractStore contracts, PolicyStore policies, EventStore events,
            TraceStore traces, JsonMapper json, Clock clock) {
        this.nodes = nodes;
        this.contracts = contracts;
        this.policies = policies;
        this.events = events;
        this.traces = traces;
        this.json = json;
        this.clock = clock;
    }

    /** Every node and the active contracts. */
    Map<String, Object> topology() {
        return Map.of("nodes", nodes.findAll().stream().map(NodeView::of).toList(),
                "contracts", contracts.active().stream().map(ContractView::of).toList(),
                "timestamp", clock.instant());
    }

    /** Nodes by type and state, contracts, policies, and routing outcomes over the retained history. */
    Map<String, Object> summary() {
        List<Node> all = nodes.findAll();
        Map<String, Long> byType = new LinkedHashMap<>();
        Node.TYPES.forEach(type -> byType.put(type, all.stream().filter(n -> n.type().equals(type)).count()));
        Map<String, Object> nodeCounts = new LinkedHashMap<>();
        nodeCounts.put("total", all.size());
        nodeCounts.put("online", all.stream().filter(Node::online).count());
        nodeCounts.put("offline", all.stream().filter(n -> !n.online()).count());
        nodeCounts.put("connected", all.stream().filter(Node::connected).count());
        nodeCounts.put("byType", byType);
        var allPolicies = policies.all();
        Map<TraceStatus, Long> outcomes = traces.countByStatus();
        Map<String, Object> routing = new LinkedHashMap<>();
        routing.put("events", events.count());
        for (TraceStatus status : TraceStatus.values()) {
            routing.put(status.wire(), outcomes.get(status));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("nodes", nodeCounts);
        summary.put("contracts", Map.of("active", contracts.active().size()));
        summary.put("policies", Map.of("total", allPolicies.size(),
                "enabled", allPolicies.stream().filter(p -> p.enabled()).count()));
        summary.put("routing", routing);
        summary.put("timestamp", clock.instant());
        return summary;
    }

    /** Policies in evaluation order. */
    Map<String, Object> policies() {
        List<PolicyView> list = policies.all().stream().map(p -> PolicyView.of(p, json)).toList();
        return Map.of("policies", list, "count", list.size());
    }

    /** Nodes and who may reach whom under the active contracts ({@code *} expanded). */
    Map<String, Object> graph() {
        List<Node> all = nodes.findAll();
        Set<String> ids = all.stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new));
        Map<String, Set<String>> adjacency = new TreeMap<>();
        for (Contract contract : contracts.active()) {
            Set<String> froms = Contract.ANY.equals(contract.from()) ? ids : Set.of(contract.from());
            for (String from : froms) {
                Set<String> tos = Contract.ANY.equals(contract.to()) ? ids : Set.of(contract.to());
                for (String to : tos) {
                    if (!to.equals(from)) {
                        adjacency.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                    }
                }
            }
        }
        return Map.of("nodes", all.stream().map(n -> new GraphNode(n.id(), n.name(), n.type(), n.online() ? "online" : "offline",
                n.connected())).toList(), "adjacency", adjacency);
    }
}
