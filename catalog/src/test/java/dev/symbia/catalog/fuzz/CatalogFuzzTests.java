package dev.symbia.catalog.fuzz;

import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.fuzz.ApiFuzzTests;
import dev.symbia.test.fuzz.FuzzCaller;
import java.util.Map;
import java.util.UUID;

/** Every catalog endpoint (resources, versions, resolve, search, artifacts, bootstrap) under hostile input: libs/test's fuzz suite. */
class CatalogFuzzTests extends ApiFuzzTests {

    private static final TestIdentity IDENTITY = TestIdentity.shared();
    private static final String ORG = UUID.randomUUID().toString();

    @Override
    protected FuzzCaller user() {
        return FuzzCaller.bearer("org admin", IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "admin").token(),
                Map.of("orgId", ORG)).withHeader("X-Org-Id", ORG);
    }

    @Override
    protected FuzzCaller userOfAnotherOrg() {
        return FuzzCaller.bearer("user of another org",
                IDENTITY.user(UUID.randomUUID().toString()).member(UUID.randomUUID().toString(), "admin").token(),
                Map.of("orgId", ORG));
    }
}
