package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.web.problem.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTests {

    private static SymbiaPrincipal principal(PrincipalType type, String id, String org, String agentId) {
        return new SymbiaPrincipal(type, id, org, org == null ? Map.of() : Map.of(org, "member"),
                Set.of("cap:messaging.send"), false, null, null, agentId, AuthMethod.ACCESS_TOKEN, "jti", null);
    }

    private static int status(ProblemException e) {
        return e.getStatusCode().value();
    }

    @Test
    void aUserActsAsThemselvesInTheRequestOrg() {
        Caller caller = Caller.of(principal(PrincipalType.USER, "u1", "orgA", null));
        assertThat(caller.actorId()).isEqualTo("u1");
        assertThat(caller.orgId()).isEqualTo("orgA");
        assertThat(caller.key()).isEqualTo("user:u1");
        assertThat(caller.isAgent()).isFalse();
        assertThat(caller.hasCapability("cap:messaging.send")).isTrue();
        assertThat(caller.hasCapability("cap:messaging.admin")).isFalse();
    }

    @Test
    void anAgentActsUnderItsPublicIdNotItsRowId() {
        Caller caller = Caller.of(principal(PrincipalType.AGENT, "row-7", "orgA", "assistant:coordinator"));
        assertThat(caller.actorId()).isEqualTo("assistant:coordinator");
        assertThat(caller.isAgent()).isTrue();
        assertThat(Caller.of(principal(PrincipalType.AGENT, "row-7", "orgA", " ")).actorId()).isEqualTo("row-7");
    }

    @Test
    void servicesDoNotCallPublicEndpointsAndOrglessPrincipalsMustNameOne() {
        assertThatThrownBy(() -> Caller.of(principal(PrincipalType.SERVICE, "messaging", null, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(status(e)).isEqualTo(403));
        assertThatThrownBy(() -> Caller.of(principal(PrincipalType.USER, "u1", null, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(status(e)).isEqualTo(400));
    }

    @Test
    void anAllowedServiceActsForTheUserItNames() {
        SymbiaPrincipal messaging = principal(PrincipalType.SERVICE, "messaging", null, null);
        Caller caller = Caller.actingFor(messaging, List.of("messaging"), " u9 ", "orgB");
        assertThat(caller.actorId()).isEqualTo("u9");
        assertThat(caller.orgId()).isEqualTo("orgB");
        assertThat(caller.viaService()).isTrue();
        assertThat(caller.key()).isEqualTo("user:u9");
    }

    @Test
    void onlyAllowedServicesActForUsersAndOnlyWithWellFormedIds() {
        SymbiaPrincipal runtime = principal(PrincipalType.SERVICE, "runtime", null, null);
        SymbiaPrincipal user = principal(PrincipalType.USER, "u1", "orgA", null);
        assertThatThrownBy(() -> Caller.actingFor(runtime, List.of("messaging"), "u9", "orgB"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(status(e)).isEqualTo(403));
        assertThatThrownBy(() -> Caller.actingFor(user, List.of("u1"), "u9", "orgB"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(status(e)).isEqualTo(403));
        assertThatThrownBy(() -> Caller.actingFor(runtime, List.of("runtime"), null, "orgB"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getBody().getDetail()).contains("X-Symbia-User-Id"));
        assertThatThrownBy(() -> Caller.actingFor(runtime, List.of("runtime"), "u9", "../etc"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(status(e)).isEqualTo(400));
    }
}
