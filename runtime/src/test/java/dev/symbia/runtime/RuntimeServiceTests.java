package dev.symbia.runtime;

import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the runtime service. */
class RuntimeServiceTests extends ServiceContractTests {
}
