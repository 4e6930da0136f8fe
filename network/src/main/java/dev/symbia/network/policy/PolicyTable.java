package dev.symbia.network.policy;

import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.network.mirror.TableMirror;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The enabled policies in evaluation order, in memory (a {@link TableMirror} of {@code policies}): highest
 * priority first, ties by age then id, as {@link PolicyStore#enabledInOrder} orders them.
 */
@Component
public class PolicyTable implements DisposableBean {

    private static final Comparator<Policy> EVALUATION = Comparator.comparingInt(Policy::priority).reversed()
            .thenComparing(Policy::createdAt).thenComparing(Policy::id);

    private final TableMirror<UUID, Policy, List<Policy>> mirror;

    PolicyTable(PolicyStore policies, PostgresNotifications notifications) {
        this.mirror = new TableMirror<>("policies", Policy::id, UUID::fromString, policies::all, policies::find,
                PolicyTable::enabledInOrder);
        mirror.open(notifications);
    }

    private static List<Policy> enabledInOrder(Map<UUID, Policy> rows) {
        return rows.values().stream().filter(Policy::enabled).sorted(EVALUATION).toList();
    }

    /** Enabled policies, in the order they are tried. */
    public List<Policy> enabledInOrder() {
        return mirror.view();
    }

    void refresh(UUID id) {
        mirror.refresh(id);
    }

    @Override
    public void destroy() {
        mirror.close();
    }
}
