package dev.symbia.bench.network;

import dev.symbia.bench.Defaults;
import dev.symbia.bench.relay.Envelopes;
import dev.symbia.network.contract.Contract;
import dev.symbia.network.policy.Policy;
import dev.symbia.network.policy.PolicyAction;
import dev.symbia.network.policy.PolicyCondition;
import dev.symbia.network.policy.PolicyCondition.Field;
import dev.symbia.network.policy.PolicyCondition.Operator;
import dev.symbia.network.policy.PolicyEngine;
import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EventTypePattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory half of the network's routing decision per event: the router's contract filter
 * ({@link Contract#matches}) over the contracts from the event's source, then, per candidate target,
 * first-match policy evaluation ({@link PolicyEngine#firstMatch}) over the enabled policies in
 * priority order. These are the network's own classes (compiled from network/src); the loop around
 * them mirrors {@code Router.plan}, which reads the source node, the contracts and the policies from
 * in-memory copies of their tables (kept current by PostgreSQL notifications; building those needs a
 * database, so {@code Router.plan} itself is not called here) — this is the matching it then does.
 *
 * <p>Worst case by construction: the only policy that matches is the lowest-priority catch-all, so
 * every candidate evaluates every policy. Baseline: Jackson serialisation of the same event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingMatchBench {

    /** Contracts from the event's source (what {@code ContractTable.from} returns) and enabled policies. */
    @Param({"10", "100"})
    public int rules;

    private EnvelopeCodec codec;
    private Envelope event;
    private Instant now;
    private List<Contract> contracts;
    private List<Policy> policies;

    @Setup
    public void setup() {
        codec = new EnvelopeCodec();
        now = Defaults.frozenClock().instant();
        event = Envelopes.messageNew(codec, "small", now);
        String[] patterns = {"message.*", "conversation.*", "*", "message.new", "run.*"};
        List<Set<Boundary>> boundaries = List.of(EnumSet.of(Boundary.INTRA), EnumSet.of(Boundary.INTER, Boundary.EXTRA),
                EnumSet.allOf(Boundary.class));
        contracts = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            String from = i % 7 == 0 ? Contract.ANY : event.source();
            contracts.add(new Contract(UUID.randomUUID(), from, "node-" + i,
                    List.of(EventTypePattern.parse(patterns[i % patterns.length]), EventTypePattern.parse("audit.*")),
                    Set.copyOf(boundaries.get(i % boundaries.size())), "admin", now.minusSeconds(3600),
                    i % 4 == 0 ? now.plusSeconds(86_400) : null));
        }
        policies = new ArrayList<>();
        for (int i = 0; i < rules - 1; i++) {
            // Each policy's first condition holds for this event; a later one fails, so all are evaluated.
            List<PolicyCondition> conditions = switch (i % 4) {
                case 0 -> List.of(cond(Field.SOURCE, Operator.EQ, event.source()), cond(Field.TARGET, Operator.EQ, "node-x" + i));
                case 1 -> List.of(cond(Field.EVENT_TYPE, Operator.STARTS_WITH, "message."),
                        cond(Field.BOUNDARY, Operator.EQ, "extra"));
                case 2 -> List.of(cond(Field.BOUNDARY, Operator.NEQ, "extra"),
                        cond(Field.RUN_ID, Operator.REGEX, "^batch-[0-9]+$"));
                default -> List.of(cond(Field.EVENT_TYPE, Operator.CONTAINS, "new"),
                        cond(Field.TARGET, Operator.STARTS_WITH, "assistant:"));
            };
            PolicyAction action = i % 2 == 0
                    ? new PolicyAction(PolicyAction.Type.DENY, "blocked", null, null, null)
                    : new PolicyAction(PolicyAction.Type.LOG, null, null, null, "info");
            policies.add(new Policy(UUID.randomUUID(), "policy-" + i, 1000 - i, conditions, action, true, "admin",
                    now, now));
        }
        policies.add(new Policy(UUID.randomUUID(), "catch-all", 0, List.of(),
                new PolicyAction(PolicyAction.Type.ALLOW, null, null, null, null), true, "admin", now, now));
        policies.sort(Comparator.comparingInt(Policy::priority).reversed());
        if (match() == 0) {
            throw new IllegalStateException("no candidate matched: the scenario is wrong");
        }
    }

    private static PolicyCondition cond(Field field, Operator operator, String value) {
        return new PolicyCondition(field, operator, value, operator == Operator.REGEX ? Pattern.compile(value) : null);
    }

    /** Contracts, candidates, then the first matching policy per candidate, as Router.plan does. */
    @Benchmark
    public int match() {
        Set<String> candidates = new LinkedHashSet<>();
        for (Contract contract : contracts) {
            if (contract.matches(event.source(), event.type(), event.boundary(), now)
                    && !contract.to().equals(event.source())) {
                candidates.add(contract.to());
            }
        }
        int delivered = 0;
        for (String target : candidates) {
            Optional<Policy> policy = PolicyEngine.firstMatch(policies, new PolicyEngine.Facts(event.source(), target,
                    event.type(), event.boundary(), event.runId()));
            if (policy.isEmpty() || policy.get().action().type() != PolicyAction.Type.DENY) {
                delivered++;
            }
        }
        return delivered;
    }

    @Benchmark
    public String baseline_serialize() {
        return codec.write(event);
    }
}
