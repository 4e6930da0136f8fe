package dev.symbia.logging.traces;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A trace's spans as the forest the API shows. */
final class SpanTree {

    /** Deeper spans are shown as extra roots, so a pathological parent chain cannot blow up a response. */
    static final int MAX_DEPTH = 256;
    private static final java.util.Comparator<SpanView> BY_START =
            java.util.Comparator.comparing(SpanView::startTime).thenComparing(SpanView::spanId);

    private SpanTree() {
    }

    /**
     * The spans as a forest: children under their parent in start order; spans whose parent is not
     * (yet) here, or too deep, or in a parent cycle, become roots.
     */
    static List<SpanView> of(List<SpanView> spans) {
        Map<String, SpanView> byId = new LinkedHashMap<>();
        spans.forEach(s -> byId.putIfAbsent(s.spanId(), s));
        Map<String, List<String>> children = new HashMap<>();
        List<String> roots = new ArrayList<>();
        for (SpanView s : byId.values()) {
            String parent = s.parentSpanId();
            if (parent == null || parent.equals(s.spanId()) || !byId.containsKey(parent)) {
                roots.add(s.spanId());
            } else {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s.spanId());
            }
        }
        // Breadth-first from the roots; what is never reached sits in a cycle and becomes a root too.
        Map<String, Integer> depth = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        List<String> allRoots = new ArrayList<>(roots);
        roots.forEach(r -> depth.put(r, 0));
        queue.addAll(roots);
        drain(queue, children, depth, allRoots);
        for (String id : byId.keySet()) {
            if (!depth.containsKey(id)) {
                depth.put(id, 0);
                allRoots.add(id);
                queue.add(id);
                drain(queue, children, depth, allRoots);
            }
        }
        java.util.Set<String> rootSet = new java.util.HashSet<>(allRoots);
        Map<String, List<SpanView>> built = new HashMap<>();
        // Assemble bottom-up (deepest first) so each node is complete before its parent takes it.
        List<String> order = new ArrayList<>(depth.keySet());
        order.sort((a, b) -> Integer.compare(depth.get(b), depth.get(a)));
        Map<String, SpanView> done = new HashMap<>();
        for (String id : order) {
            List<SpanView> kids = new ArrayList<>(built.getOrDefault(id, List.of()));
            kids.sort(BY_START);
            SpanView node = byId.get(id).withChildren(List.copyOf(kids));
            done.put(id, node);
            if (!rootSet.contains(id)) {
                built.computeIfAbsent(node.parentSpanId(), k -> new ArrayList<>()).add(node);
            }
        }
        return allRoots.stream().map(done::get).sorted(BY_START).toList();
    }

    private static void drain(Deque<String> queue, Map<String, List<String>> children, Map<String, Integer> depth,
            List<String> roots) {
        while (!queue.isEmpty()) {
            String id = queue.poll();
            for (String child : children.getOrDefault(id, List.of())) {
                if (depth.containsKey(child)) {
                    continue;
                }
                int d = depth.get(id) + 1;
                if (d > MAX_DEPTH) {
                    d = 0;
                    roots.add(child);
                }
                depth.put(child, d);
                queue.add(child);
            }
        }
    }
}
