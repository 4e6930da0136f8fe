package dev.symbia.identity.fuzz;

import dev.symbia.identity.support.IdentityTestBase;
import dev.symbia.test.fuzz.ApiFuzzTests;
import dev.symbia.test.fuzz.FuzzCaller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

/**
 * Every identity endpoint under hostile input (libs/test's fuzz suite), in a context and database of its
 * own: the fuzzer trips the per-IP login limits and creates rows the other tests must not see.
 */
@TestPropertySource(properties = "symbia.test.context=fuzz")
class IdentityFuzzTests extends IdentityTestBase {

    @Value("${symbia.fuzz.seed:20}")
    long seed;

    @Value("${symbia.fuzz.budget:PT90S}")
    Duration budget;

    @Test
    void noInputMakesAnEndpointFailOrLeak() {
        User admin = register(unique("fuzz-admin"), "Fuzz Org");
        User stranger = register(unique("fuzz-stranger"), "Stranger Org");
        FuzzCaller user = FuzzCaller.bearer("org admin", admin.token(), Map.of("orgId", admin.orgId(), "userId", admin.id()))
                .withHeader("X-Org-Id", admin.orgId());
        FuzzCaller other = FuzzCaller.bearer("user of another org", stranger.token(),
                Map.of("orgId", admin.orgId(), "userId", admin.id()));
        ApiFuzzTests.fuzz("identity", port, seed, budget, user, other,
                List.of(INTERNAL_SECRET, SUPABASE_SECRET, ADMIN_PASSWORD, PASSWORD, admin.refreshToken(),
                        "test-session-secret-0123456789abcdef0123456789",
                        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
                builder -> builder);
    }
}
