package dev.symbia.network.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The compact id memory behaves like a set with an arrival-ordered queue, through growth and deletions. */
class RecentIdsTests {

    @Test
    void actsLikeASetWithAQueueUnderRandomAddsAndRemovals() {
        RecentIds ids = new RecentIds(1_000_000);
        Set<String> model = new HashSet<>();
        ArrayDeque<String> order = new ArrayDeque<>();
        Random random = new Random(26);
        for (int step = 0; step < 200_000; step++) {
            if (random.nextInt(10) < 7 || order.isEmpty()) {
                String id = "evt-" + random.nextInt(60_000);
                boolean added = ids.add(id, step);
                assertThat(added).as("add %s at step %d", id, step).isEqualTo(model.add(id));
                if (added) {
                    order.add(id);
                }
            } else {
                assertThat(ids.oldestStamp()).isNotNegative();
                ids.removeOldest();
                model.remove(order.poll());
            }
            if (step % 1000 == 0) {
                for (String id : model) {
                    assertThat(ids.contains(id)).as(id).isTrue();
                }
                assertThat(ids.contains("evt-absent-" + step)).isFalse();
            }
        }
        assertThat(ids.size()).isEqualTo(model.size());
        for (int i = 0; i < 60_000; i++) {
            assertThat(ids.contains("evt-" + i)).isEqualTo(model.contains("evt-" + i));
        }
    }

    @Test
    void keepsStampsInArrivalOrderAndKnowsWhenFull() {
        RecentIds ids = new RecentIds(3);
        ids.add("a", 30);
        ids.add("b", 10);
        ids.add("c", 20);
        assertThat(ids.full()).isTrue();
        assertThat(ids.oldestStamp()).isEqualTo(30);
        ids.removeOldest();
        assertThat(ids.contains("a")).isFalse();
        assertThat(ids.contains("b")).isTrue();
        assertThat(ids.oldestStamp()).isEqualTo(10);
        assertThat(ids.full()).isFalse();
    }
}
