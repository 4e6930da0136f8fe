package dev.symbia.network.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.relay.Boundary;
import dev.symbia.relay.EventTypePattern;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The contract matching table: source, event-type patterns, boundaries, expiry as instants. */
class ContractMatchingTests {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static Contract contract(String from, String types, String boundaries, String expiresAt) {
        return new Contract(UUID.randomUUID(), from, "to",
                Arrays.stream(types.split(" ")).map(EventTypePattern::parse).toList(),
                Arrays.stream(boundaries.split(" ")).map(b -> Boundary.parse(b).orElseThrow()).collect(Collectors.toSet()),
                "test", NOW, expiresAt.isEmpty() ? null : OffsetDateTime.parse(expiresAt).toInstant());
    }

    @ParameterizedTest(name = "[{index}] from={0} types={1} boundaries={2} expires={3} | {4} {5} {6} → {7}")
    @CsvSource(delimiter = '|', value = {
            // from      | types                   | boundaries  | expires                     | source    | type              | boundary | matches
            "messaging   | message.new             | intra       | ''                          | messaging | message.new       | intra    | true",
            "messaging   | message.new             | intra       | ''                          | identity  | message.new       | intra    | false",
            "*           | message.new             | intra       | ''                          | identity  | message.new       | intra    | true",
            "messaging   | *                       | intra       | ''                          | messaging | anything.at.all   | intra    | true",
            "messaging   | message.*               | intra       | ''                          | messaging | message.new       | intra    | true",
            "messaging   | message.*               | intra       | ''                          | messaging | message.a.b       | intra    | true",
            "messaging   | message.*               | intra       | ''                          | messaging | message           | intra    | false",
            "messaging   | message.*               | intra       | ''                          | messaging | messages.new      | intra    | false",
            "messaging   | message.new message.*   | intra inter | ''                          | messaging | message.deleted   | inter    | true",
            "messaging   | message.new             | intra inter | ''                          | messaging | message.new       | extra    | false",
            "messaging   | message.new             | extra       | ''                          | messaging | message.new       | extra    | true",
            "messaging   | message.new             | intra       | 2026-06-01T12:00:01Z        | messaging | message.new       | intra    | true",
            "messaging   | message.new             | intra       | 2026-06-01T12:00:00Z        | messaging | message.new       | intra    | false",
            "messaging   | message.new             | intra       | 2026-06-01T11:59:59Z        | messaging | message.new       | intra    | false",
            // Same instants written with offsets: a string comparison would get these wrong.
            "messaging   | message.new             | intra       | 2026-06-01T13:30:00+01:00   | messaging | message.new       | intra    | true",
            "messaging   | message.new             | intra       | 2026-06-01T09:00:00-02:00   | messaging | message.new       | intra    | false",
            "messaging   | message.new             | intra       | 2026-06-01T12:00:00.001Z    | messaging | message.new       | intra    | true"})
    void matches(String from, String types, String boundaries, String expiresAt, String source, String type, String boundary,
            boolean expected) {
        assertThat(contract(from, types, boundaries, expiresAt).matches(source, type, Boundary.parse(boundary).orElseThrow(), NOW))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"intra", "inter", "extra"})
    void everyBoundaryCanBeAllowedAlone(String boundary) {
        Boundary b = Boundary.parse(boundary).orElseThrow();
        Contract contract = new Contract(UUID.randomUUID(), "a", "b", java.util.List.of(EventTypePattern.parse("*")), Set.of(b),
                "test", NOW, null);
        for (Boundary other : Boundary.values()) {
            assertThat(contract.matches("a", "x", other, NOW)).isEqualTo(other == b);
        }
    }
}
