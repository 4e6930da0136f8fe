package dev.symbia.identity;

import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the identity service. */
class IdentityServiceTests extends ServiceContractTests {
}
