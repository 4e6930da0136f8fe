package dev.symbia.integrations.fuzz;

import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.test.fuzz.ApiFuzzTests;
import dev.symbia.test.fuzz.FuzzCaller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

/**
 * Every integrations endpoint under hostile input (libs/test's fuzz suite), in a context of its own. The fake
 * providers have no scripted answers, so a plausible request that reaches one gets the provider's 500, which
 * integrations honestly answers as 502 (bad gateway); no other 5xx is allowed.
 */
@TestPropertySource(properties = "symbia.test.context=fuzz")
class IntegrationsFuzzTests extends GatewayTestSupport {

    @Value("${symbia.fuzz.seed:20}")
    long seed;

    @Value("${symbia.fuzz.budget:PT90S}")
    Duration budget;

    @Test
    void noInputMakesAnEndpointFailOrLeak() {
        FuzzCaller member = FuzzCaller.bearer("org member", user.token(), Map.of("orgId", orgId, "userId", userId))
                .withHeader("X-Org-Id", orgId);
        FuzzCaller stranger = FuzzCaller.bearer("user of another org",
                IDENTITY.user(UUID.randomUUID().toString()).member(UUID.randomUUID().toString(), "member").token(),
                Map.of("orgId", orgId, "userId", userId));
        ApiFuzzTests.fuzz("integrations", port, seed, budget, member, stranger, List.of(SAMBA_KEY, HF_KEY),
                builder -> builder.allowServerError((op, status) -> status == 502 && op.method().equals("POST")));
    }
}
