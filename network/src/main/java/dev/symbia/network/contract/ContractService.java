package dev.symbia.network.contract;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.network.security.Principals;
import dev.symbia.relay.Boundary;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EventTypePattern;
import dev.symbia.web.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/** Creating, listing and expiring contracts. Nodes named in a contract need not be registered yet. */
@Service
public class ContractService {

    private static final Logger log = LoggerFactory.getLogger(ContractService.class);

    private final ContractStore contracts;
    private final ContractTable table;
    private final MeterRegistry meters;
    private final Clock clock;

    ContractService(ContractStore contracts, ContractTable table, MeterRegistry meters, Clock clock) {
        this.contracts = contracts;
        this.table = table;
        this.meters = meters;
        this.clock = clock;
    }

    /** Wire shape of a new contract. */
    public record CreateContract(String from, String to, List<String> allowedEventTypes, List<String> boundaries,
            String expiresAt) {
    }

    public Contract create(SymbiaPrincipal principal, CreateContract request) {
        if (request == null) {
            throw ProblemException.badRequest("A contract is required.");
        }
        String from = endpoint(request.from(), "from");
        String to = endpoint(request.to(), "to");
        if (request.allowedEventTypes() == null || request.allowedEventTypes().isEmpty() || request.allowedEventTypes().size() > 100) {
            throw ProblemException.badRequest("allowedEventTypes must list 1 to 100 patterns (*, an exact type, or prefix.*).");
        }
        List<EventTypePattern> patterns;
        try {
            patterns = request.allowedEventTypes().stream().map(EventTypePattern::parse).distinct().toList();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        if (request.boundaries() == null || request.boundaries().isEmpty()) {
            throw ProblemException.badRequest("boundaries must list at least one of intra, inter, extra.");
        }
        Set<Boundary> boundaries = EnumSet.noneOf(Boundary.class);
        for (String boundary : request.boundaries()) {
            boundaries.add(Boundary.parse(boundary)
                    .orElseThrow(() -> ProblemException.badRequest("boundaries may contain only intra, inter and extra.")));
        }
        Instant expiresAt = null;
        if (request.expiresAt() != null) {
            try {
                expiresAt = OffsetDateTime.parse(request.expiresAt()).toInstant();
            } catch (DateTimeParseException e) {
                throw ProblemException.badRequest("expiresAt must be an RFC 3339 date-time with an offset, e.g. 2030-01-01T00:00:00Z.");
            }
            if (!expiresAt.isAfter(clock.instant())) {
                throw ProblemException.badRequest("expiresAt must be in the future.");
            }
        }
        Contract contract = contracts.insert(new Contract(UUID.randomUUID(), from, to, patterns, Set.copyOf(boundaries),
                Principals.key(principal), null, expiresAt));
        table.refresh(contract.id());
        meters.counter("network.contract.created").increment();
        log.info("Contract {} {} -> {} {} created by {}", contract.id(), from, to, request.allowedEventTypes(), Principals.key(principal));
        return contract;
    }

    public List<Contract> active(String nodeId) {
        return nodeId == null ? contracts.active() : contracts.activeInvolving(nodeId);
    }

    public void delete(UUID id) {
        if (!contracts.delete(id)) {
            throw ProblemException.notFound("Contract '" + id + "'");
        }
        table.refresh(id);
        meters.counter("network.contract.deleted").increment();
    }

    @Scheduled(fixedDelayString = "${symbia.network.nodes.sweep-interval:30s}", initialDelayString = "${symbia.network.nodes.sweep-interval:30s}")
    void deleteExpired() {
        try {
            int expired = contracts.deleteExpired();
            if (expired > 0) {
                table.reloadAll();
            }
            meters.counter("network.contract.expired").increment(expired);
        } catch (RuntimeException e) {
            log.warn("Expired-contract sweep failed: {}", e.getClass().getSimpleName());
        }
    }

    private static String endpoint(String value, String field) {
        if (Contract.ANY.equals(value) || value != null && EnvelopeCodec.NODE_ID.matcher(value).matches()) {
            return value;
        }
        throw ProblemException.badRequest(field + " must be a node id or *.");
    }
}
