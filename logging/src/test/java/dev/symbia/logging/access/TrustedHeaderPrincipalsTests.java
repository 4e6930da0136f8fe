package dev.symbia.logging.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.RuntimeMode;
import dev.symbia.web.problem.ProblemException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class TrustedHeaderPrincipalsTests {

    private final TrustedHeaderPrincipals principals = new TrustedHeaderPrincipals(RuntimeMode.TEST);
    private final UUID org = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();

    @Test
    void servicesWriteIntoTheSystemOrgWhateverOrgTheyName() {
        Writer writer = principals.writer(request("service:messaging", null, other.toString(), null, false));
        assertThat(writer.orgId()).isEqualTo(Orgs.SYSTEM);
        assertThat(writer.serviceName()).isEqualTo("messaging");
    }

    @Test
    void usersWriteIntoTheirSelectedOrgOnlyIfTheyBelongToIt() {
        assertThat(principals.writer(request("user:u", org.toString(), null, null, false)).orgId()).isEqualTo(org);
        assertThat(principals.writer(request("user:u", org + "," + other, other.toString(), null, false)).orgId()).isEqualTo(other);
        assertThat(status(() -> principals.writer(request("user:u", org.toString(), other.toString(), null, false)))).isEqualTo(403);
        assertThat(status(() -> principals.writer(request("user:u", null, null, null, false)))).isEqualTo(403);
        // A super admin may select any org.
        assertThat(principals.writer(request("user:root", null, other.toString(), null, true)).orgId()).isEqualTo(other);
    }

    @Test
    void theSystemOrgIsReadableWithTheCapabilityOrAsSuperAdmin() {
        Reader member = principals.reader(request("user:u", org.toString(), null, null, false));
        assertThat(member.readableOrgs()).containsExactly(org);
        assertThat(member.canRead(Orgs.SYSTEM)).isFalse();
        Reader operator = principals.reader(request("user:u", org.toString(), null, "cap:telemetry.read", false));
        assertThat(operator.readableOrgs()).containsExactlyInAnyOrder(org, Orgs.SYSTEM);
        assertThat(operator.scope(Orgs.SYSTEM)).containsExactly(Orgs.SYSTEM);
        Reader admin = principals.reader(request("user:root", null, null, null, true));
        assertThat(admin.readableOrgs()).containsExactly(Orgs.SYSTEM);
        assertThat(status(() -> admin.scope(other))).isEqualTo(403);
    }

    @Test
    void aReaderNarrowsToTheSelectedOrg() {
        Reader reader = principals.reader(request("user:u", org + "," + other, other.toString(), null, false));
        assertThat(reader.scope(null)).containsExactly(other);
        assertThat(status(() -> reader.scope(org))).isEqualTo(403);
        Reader nobody = principals.reader(request("agent:a", null, null, null, false));
        assertThat(status(() -> nobody.scope(null))).isEqualTo(403);
    }

    @Test
    void malformedOrMissingPrincipalsAreRefused() {
        assertThat(status(() -> principals.reader(request(null, null, null, null, false)))).isEqualTo(401);
        assertThat(status(() -> principals.reader(request("robot:x", null, null, null, false)))).isEqualTo(401);
        assertThat(status(() -> principals.reader(request("user:u", "not-a-uuid", null, null, false)))).isEqualTo(400);
    }

    @Test
    void inProductionTheHeadersAreNeverTrusted() {
        TrustedHeaderPrincipals production = new TrustedHeaderPrincipals(RuntimeMode.PRODUCTION);
        MockHttpServletRequest request = request("service:messaging", null, null, null, true);
        assertThat(status(() -> production.reader(request))).isEqualTo(401);
        assertThat(status(() -> production.writer(request))).isEqualTo(401);
    }

    private static int status(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e.getStatusCode().value();
        }
        throw new AssertionError("no problem raised");
    }

    private static MockHttpServletRequest request(String principal, String orgs, String selected, String caps, boolean admin) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        for (var header : List.of(
                new String[] {TrustedHeaderPrincipals.PRINCIPAL, principal},
                new String[] {TrustedHeaderPrincipals.ORGS, orgs},
                new String[] {TrustedHeaderPrincipals.ORG, selected},
                new String[] {TrustedHeaderPrincipals.CAPS, caps},
                new String[] {TrustedHeaderPrincipals.SUPER_ADMIN, admin ? "true" : null})) {
            if (header[1] != null) {
                request.addHeader(header[0], header[1]);
            }
        }
        return request;
    }
}
