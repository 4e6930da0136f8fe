package dev.symbia.network;

import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the network service, in the integration tests' context. */
@NetworkTestContext
class NetworkServiceTests extends ServiceContractTests {
}
