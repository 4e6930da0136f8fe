package dev.symbia.catalog.fuzz;

import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.fuzz.ApiFuzzTests;
import dev.symbia.test.fuzz.FuzzCaller;
import java.util.UUID;

/** Every catalog endpoint (resources, versions, resolve, search, artifacts, bootstrap) under hostile input: libs/test's fuzz suite. */
class CatalogFuzzTests extends ApiFuzzTests {

    private static final TestIdentity IDENTITY = TestIdentity.shared();
    private static final String ORG = UUID.randomUUID().toString();

    @Override
    protected FuzzCaller user() {
        return FuzzCaller.orgAdmin(IDENTITY, ORG);
    }

    @Override
    protected FuzzCaller userOfAnotherOrg() {
        return FuzzCaller.adminOfAnotherOrg(IDENTITY, ORG);
    }
}
