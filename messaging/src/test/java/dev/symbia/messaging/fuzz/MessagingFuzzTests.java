package dev.symbia.messaging.fuzz;

import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.fuzz.ApiFuzzTests;
import dev.symbia.test.fuzz.ApiFuzzer;
import dev.symbia.test.fuzz.FuzzCaller;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.TestPropertySource;

/**
 * Every messaging endpoint under hostile input (libs/test's fuzz suite). Integrations is unreachable here
 * (a closed port): a plausible chat request that gets as far as calling it may honestly answer 502/503.
 */
@TestPropertySource(properties = {"INTEGRATIONS_SERVICE_URL=http://127.0.0.1:9/",
        "INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}"})
class MessagingFuzzTests extends ApiFuzzTests {

    private static final TestIdentity IDENTITY = TestIdentity.shared();
    private static final String ORG = UUID.randomUUID().toString();

    @Override
    protected FuzzCaller user() {
        return FuzzCaller.bearer("org admin", IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "admin").token(),
                Map.of("orgId", ORG)).withHeader("X-Org-Id", ORG);
    }

    @Override
    protected FuzzCaller userOfAnotherOrg() {
        String other = UUID.randomUUID().toString();
        return FuzzCaller.bearer("user of another org", IDENTITY.user(UUID.randomUUID().toString()).member(other, "member").token(),
                Map.of("orgId", ORG));
    }

    @Override
    protected ApiFuzzer.Builder configure(ApiFuzzer.Builder builder) {
        return builder.allowServerError((op, status) -> op.path().equals("/api/send") && (status == 502 || status == 503));
    }
}
