package dev.symbia.gateway;

import dev.symbia.test.architecture.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The platform skeleton (docs/ARCHITECTURE.md), checked on this service's classes. */
class ArchitectureTests {

    @Test
    void followsThePlatformSkeleton() {
        ServiceArchitecture.of(GatewayApplication.class)
                .verify();
    }
}
