package dev.symbia.network.contract;

import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.network.mirror.TableMirror;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The contracts as the router sees them, in memory (a {@link TableMirror} of {@code contracts}), indexed by
 * {@code from}. Expiry is checked per event by {@link Contract#matches}; the sweep deletes expired rows later.
 */
@Component
public class ContractTable implements DisposableBean {

    private static final Comparator<Contract> AGE = Comparator.comparing(Contract::createdAt).thenComparing(Contract::id);

    private final TableMirror<UUID, Contract, Map<String, List<Contract>>> mirror;

    ContractTable(ContractStore contracts, PostgresNotifications notifications) {
        this.mirror = new TableMirror<>("contracts", Contract::id, UUID::fromString, contracts::active, contracts::find,
                ContractTable::byFrom);
        mirror.open(notifications);
    }

    private static Map<String, List<Contract>> byFrom(Map<UUID, Contract> rows) {
        Map<String, List<Contract>> index = new HashMap<>();
        for (Contract contract : rows.values()) {
            index.computeIfAbsent(contract.from(), k -> new ArrayList<>()).add(contract);
        }
        index.replaceAll((from, list) -> list.stream().sorted(AGE).toList());
        return Map.copyOf(index);
    }

    /** Contracts whose {@code from} is the source or {@code *}, oldest first (expired ones included: match them). */
    public List<Contract> from(String source) {
        Map<String, List<Contract>> index = mirror.view();
        List<Contract> own = index.getOrDefault(source, List.of());
        List<Contract> any = Contract.ANY.equals(source) ? List.of() : index.getOrDefault(Contract.ANY, List.of());
        if (any.isEmpty()) {
            return own;
        }
        if (own.isEmpty()) {
            return any;
        }
        List<Contract> both = new ArrayList<>(own.size() + any.size());
        both.addAll(own);
        both.addAll(any);
        both.sort(AGE);
        return both;
    }

    void refresh(UUID id) {
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
