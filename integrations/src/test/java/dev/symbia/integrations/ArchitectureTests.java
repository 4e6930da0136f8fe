package dev.symbia.integrations;

import dev.symbia.test.architecture.ServiceArchitecture;
import dev.symbia.test.architecture.ServiceArchitecture.Rule;
import org.junit.jupiter.api.Test;

/** The platform skeleton (docs/ARCHITECTURE.md), checked on this service's classes. */
class ArchitectureTests {

    @Test
    void followsThePlatformSkeleton() {
        ServiceArchitecture.of(IntegrationsApplication.class)
                .require(Rule.PUBLIC_ONLY_WHEN_USED_ELSEWHERE)
                .verify();
    }
}
