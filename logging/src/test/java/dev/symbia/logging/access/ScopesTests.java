package dev.symbia.logging.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.auth.AuthMethod;
import dev.symbia.auth.PrincipalType;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.web.problem.ProblemException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Reader and Writer scopes derived from libs/auth's principal, without HTTP (AccessTests does it over HTTP). */
class ScopesTests {

    private final UUID first = UUID.randomUUID();
    private final UUID second = UUID.randomUUID();

    private static SymbiaPrincipal principal(PrincipalType type, String id, @Nullable UUID org, Set<UUID> orgs,
            @Nullable String agentId, String... caps) {
        Map<String, String> roles = new java.util.LinkedHashMap<>();
        orgs.forEach(o -> roles.put(o.toString(), "member"));
        return new SymbiaPrincipal(type, id, org == null ? null : org.toString(), roles, Set.of(caps), false, null,
                null, agentId, AuthMethod.ACCESS_TOKEN, "jti", null);
    }

    @Test
    void aServiceWritesIntoTheSystemOrgAsItself() {
        Writer writer = Writer.of(principal(PrincipalType.SERVICE, "messaging", first, Set.of(), null));
        assertThat(writer).isEqualTo(new Writer("service:messaging", Orgs.SYSTEM, "messaging"));
    }

    @Test
    void aUserWritesInTheRequestOrgElseTheirOnlyOrg() {
        assertThat(Writer.of(principal(PrincipalType.USER, "u1", second, Set.of(first, second), null)))
                .isEqualTo(new Writer("user:u1", second, null));
        assertThat(Writer.of(principal(PrincipalType.USER, "u1", null, Set.of(first), null)))
                .isEqualTo(new Writer("user:u1", first, null));
        assertThatThrownBy(() -> Writer.of(principal(PrincipalType.USER, "u1", null, Set.of(first, second), null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(400));
        assertThatThrownBy(() -> Writer.of(principal(PrincipalType.USER, "u1", null, Set.of(), null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(403));
    }

    @Test
    void anAgentWritesUnderItsPublicIdAsEveryCallerDoes() {
        Writer writer = Writer.of(principal(PrincipalType.AGENT, "row-7", first, Set.of(first), "assistant:coordinator"));
        assertThat(writer.principalId()).isEqualTo("agent:assistant:coordinator");
        assertThat(writer.serviceName()).isNull();
    }

    @Test
    void aReaderSeesItsOrgsNarrowedBySelectionAndTheSystemOrgOnlyWithGlobalRead() {
        Reader all = Reader.of(principal(PrincipalType.USER, "u1", first, Set.of(first, second), null), false);
        assertThat(all.scope(null)).containsExactlyInAnyOrder(first, second);
        Reader selected = Reader.of(principal(PrincipalType.USER, "u1", second, Set.of(first, second), null), true);
        assertThat(selected.scope(null)).containsExactly(second);
        assertThatThrownBy(() -> selected.scope(first)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> all.scope(Orgs.SYSTEM)).isInstanceOf(ProblemException.class);

        Reader operator = Reader.of(principal(PrincipalType.USER, "ops", null, Set.of(), null, Reader.GLOBAL_READ), false);
        assertThat(operator.scope(null)).containsExactly(Orgs.SYSTEM);
    }
}
