package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.web.problem.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthzTests {

    private final SymbiaPrincipal member = new SymbiaPrincipal(PrincipalType.USER, "u1", "orgA", Map.of("orgA", "member"),
            Roles.orgCapabilities("member"), false, "a@b.c", "A", null, AuthMethod.ACCESS_TOKEN, "jti", Set.of());

    @Test
    void grantableCapabilitiesAreHeldOnesOnceEach() {
        assertThat(Authz.checkGrantable(member, List.of("cap:catalog.read", "cap:catalog.write", "cap:catalog.read")))
                .containsExactly("cap:catalog.read", "cap:catalog.write");
    }

    @Test
    void aCapabilityNotHeldIsForbidden() {
        assertThatThrownBy(() -> Authz.checkGrantable(member, List.of("cap:catalog.read", "cap:catalog.admin")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(403);
                    assertThat(e.getBody().getDetail()).contains("cap:catalog.admin");
                });
    }

    @Test
    void aMalformedCapabilityIsABadRequest() {
        assertThatThrownBy(() -> Authz.checkGrantable(member, List.of("catalog.read")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(400));
    }

    @Test
    void missingCapabilityIsForbiddenAndSuperAdminsPass() {
        assertThatThrownBy(() -> Authz.check(member, "cap:identity.audit"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(403));
        SymbiaPrincipal root = new SymbiaPrincipal(PrincipalType.USER, "root", null, Map.of(), Set.of(), true,
                null, null, null, AuthMethod.ACCESS_TOKEN, "j", Set.of());
        Authz.check(root, "cap:identity.audit");
        assertThat(Authz.checkGrantable(root, List.of("cap:x.y"))).containsExactly("cap:x.y");
    }
}
