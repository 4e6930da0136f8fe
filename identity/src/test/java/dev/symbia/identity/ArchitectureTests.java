package dev.symbia.identity;

import dev.symbia.test.architecture.ServiceArchitecture;
import dev.symbia.test.architecture.ServiceArchitecture.Rule;
import org.junit.jupiter.api.Test;

/** The platform skeleton (docs/ARCHITECTURE.md), checked on this service's classes. */
class ArchitectureTests {

    @Test
    void followsThePlatformSkeleton() {
        ServiceArchitecture.of(IdentityApplication.class)
                .except(Rule.FEATURES_FREE_OF_CYCLES, "account <-> agent (agent login uses account.Passwords, /me reads agents) "
                        + "and account <-> org (registration creates the org, invites read users): issue 16")
                .verify();
    }
}
