package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalTests {

    private SymbiaPrincipal user(Set<String> platformCaps) {
        return new SymbiaPrincipal(PrincipalType.USER, "u1", "orgA", Map.of("orgA", "admin", "orgB", "viewer"),
                Roles.orgCapabilities("admin"), false, "a@b.c", "A", null, AuthMethod.ACCESS_TOKEN, "jti", platformCaps);
    }

    @Test
    void capabilitiesFollowTheRoleInTheRequestOrg() {
        SymbiaPrincipal inB = user(Set.of("cap:catalog.publish")).inOrg("orgB");
        assertThat(inB.orgId()).isEqualTo("orgB");
        assertThat(inB.hasCapability("cap:catalog.read")).isTrue();
        assertThat(inB.hasCapability("cap:identity.manage-users")).isFalse();
        assertThat(inB.hasCapability("cap:catalog.publish")).as("platform grant").isTrue();
        assertThat(inB.isOrgAdmin()).isFalse();
        assertThat(user(Set.of()).isOrgAdmin()).isTrue();
    }

    @Test
    void fixedCapabilitiesStayFixed() {
        SymbiaPrincipal key = new SymbiaPrincipal(PrincipalType.USER, "u1", "orgA", Map.of("orgA", "admin"),
                Set.of("cap:catalog.read"), false, null, null, null, AuthMethod.API_KEY, "k", null);
        assertThat(key.inOrg("orgA").caps()).containsExactly("cap:catalog.read");
    }

    @Test
    void superAdminsPassEveryCheck() {
        SymbiaPrincipal root = new SymbiaPrincipal(PrincipalType.USER, "root", null, Map.of(), Set.of(), true,
                null, null, null, AuthMethod.ACCESS_TOKEN, "j", Set.of());
        assertThat(root.hasCapability("cap:anything.at-all")).isTrue();
        assertThat(root.inOrg("orgZ").isOrgAdmin()).isTrue();
    }

    @Test
    void rolesAndGrants() {
        assertThat(Roles.orgCapabilities("viewer")).allMatch(cap -> cap.endsWith(".read"));
        assertThat(Roles.orgCapabilities("member")).containsAll(Roles.orgCapabilities("viewer"));
        assertThat(Roles.orgCapabilities("admin")).containsAll(Roles.orgCapabilities("member"));
        assertThat(Roles.orgCapabilities("owner")).isEmpty();
        assertThat(Roles.expandGrants(java.util.List.of("role:publisher", "cap:x.y", "role:nope")))
                .containsExactlyInAnyOrder("cap:catalog.publish", "cap:registry.publish", "cap:x.y");
        assertThat(Roles.isCapability("cap:messaging.interrupt")).isTrue();
        assertThat(Roles.isCapability("messaging.interrupt")).isFalse();
    }
}
