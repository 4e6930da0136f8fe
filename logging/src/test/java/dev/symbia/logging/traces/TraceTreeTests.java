package dev.symbia.logging.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceTreeTests {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void childrenNestUnderTheirParentsInStartOrder() {
        List<SpanView> roots = SpanTree.of(List.of(span("root", null, 0), span("late", "root", 20),
                span("early", "root", 10), span("leaf", "early", 11)));
        assertThat(roots).extracting(SpanView::spanId).containsExactly("root");
        assertThat(roots.get(0).children()).extracting(SpanView::spanId).containsExactly("early", "late");
        assertThat(roots.get(0).children().get(0).children()).extracting(SpanView::spanId).containsExactly("leaf");
    }

    @Test
    void spansWhoseParentIsMissingOrInACycleStillAppear() {
        List<SpanView> roots = SpanTree.of(List.of(span("root", null, 0), span("orphan", "gone", 5),
                span("x", "y", 7), span("y", "x", 8), span("self", "self", 9)));
        List<String> all = new ArrayList<>();
        collect(roots, all);
        assertThat(all).containsExactlyInAnyOrder("root", "orphan", "x", "y", "self");
        assertThat(roots).extracting(SpanView::spanId).contains("root", "orphan", "self");
    }

    @Test
    void aPathologicallyDeepChainIsCutIntoShallowTrees() {
        List<SpanView> spans = new ArrayList<>();
        spans.add(span("s0", null, 0));
        for (int i = 1; i < 1000; i++) {
            spans.add(span("s" + i, "s" + (i - 1), i));
        }
        List<SpanView> roots = SpanTree.of(spans);
        List<String> all = new ArrayList<>();
        collect(roots, all);
        assertThat(all).hasSize(1000);
        assertThat(roots.size()).isGreaterThan(1);
        roots.forEach(r -> assertThat(depth(r)).isLessThanOrEqualTo(SpanTree.MAX_DEPTH + 1));
    }

    private static int depth(SpanView node) {
        int max = 0;
        for (SpanView child : node.children()) {
            max = Math.max(max, depth(child));
        }
        return max + 1;
    }

    private static void collect(List<SpanView> nodes, List<String> into) {
        for (SpanView node : nodes) {
            into.add(node.spanId());
            collect(node.children(), into);
        }
    }

    private static SpanView span(String id, String parent, int startMs) {
        return new SpanView("t", id, parent, null, id, "svc", "internal", "ok", null, T.plusMillis(startMs),
                T.plusMillis(startMs + 1), 1.0, Map.of(), List.of(), Map.of(), null);
    }
}
