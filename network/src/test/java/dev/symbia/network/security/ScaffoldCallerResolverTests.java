package dev.symbia.network.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.RuntimeMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SCAFFOLD: the development principal headers, and that production ignores them. */
class ScaffoldCallerResolverTests {

    private static final Map<String, String> HEADERS = Map.of("X-Symbia-Principal", "agent:bot-7",
            "X-Symbia-Capabilities", " cap:network.events.read , cap:network.events.write,", "X-Symbia-Org", "org-1");

    @Test
    void outsideProductionTheHeadersDescribeTheCaller() {
        Caller caller = new ScaffoldCallerResolver(RuntimeMode.TEST).resolve(HEADERS::get).orElseThrow();
        assertThat(caller.kind()).isEqualTo(Caller.Kind.AGENT);
        assertThat(caller.key()).isEqualTo("agent:bot-7");
        assertThat(caller.orgId()).isEqualTo("org-1");
        assertThat(caller.capabilities()).containsExactlyInAnyOrder("cap:network.events.read", "cap:network.events.write");
        assertThat(caller.superAdmin()).isFalse();
        assertThat(caller.can(Capabilities.EVENTS_WRITE)).isTrue();
        assertThat(caller.can(Capabilities.NODES_ADMIN)).isFalse();
    }

    @Test
    void productionHonoursNothing() {
        assertThat(new ScaffoldCallerResolver(RuntimeMode.PRODUCTION).resolve(HEADERS::get)).isEmpty();
        assertThat(new ScaffoldCallerResolver(RuntimeMode.PRODUCTION)
                .resolve(Map.of("X-Symbia-Principal", "user:root", "X-Symbia-Super-Admin", "true")::get)).isEmpty();
    }

    @Test
    void superAdminPassesEveryCapabilityCheck() {
        Caller admin = new ScaffoldCallerResolver(RuntimeMode.DEVELOPMENT)
                .resolve(Map.of("X-Symbia-Principal", "user:root", "X-Symbia-Super-Admin", "true")::get).orElseThrow();
        assertThat(admin.can(Capabilities.NODES_ADMIN)).isTrue();
        assertThat(admin.capabilities()).isEmpty();
    }
}
