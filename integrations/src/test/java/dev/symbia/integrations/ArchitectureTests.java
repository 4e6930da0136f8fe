package dev.symbia.integrations;

import dev.symbia.test.architecture.ServiceArchitecture;
import dev.symbia.test.architecture.ServiceArchitecture.Rule;
import org.junit.jupiter.api.Test;

/** The platform skeleton (docs/ARCHITECTURE.md), checked on this service's classes. */
class ArchitectureTests {

    @Test
    void followsThePlatformSkeleton() {
        ServiceArchitecture.of(IntegrationsApplication.class)
                .except(Rule.FEATURES_FREE_OF_CYCLES, "provider <-> stream (the OpenAI client takes stream timeouts and channels): issue 16")
                .except(Rule.PROPERTIES_ARE_VALIDATED_RECORDS, "six properties records lack @Validated: issue 16")
                .verify();
    }
}
