package dev.symbia.network.contract;

import dev.symbia.relay.Boundary;
import dev.symbia.relay.EventTypePattern;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Wire shape of a contract. */
public record ContractView(UUID id, String from, String to, List<String> allowedEventTypes, List<String> boundaries,
        Instant createdAt, Instant expiresAt) {

    public static ContractView of(Contract contract) {
        return new ContractView(contract.id(), contract.from(), contract.to(),
                contract.allowedEventTypes().stream().map(EventTypePattern::pattern).toList(),
                contract.boundaries().stream().sorted().map(Boundary::wire).toList(),
                contract.createdAt(), contract.expiresAt());
    }
}
