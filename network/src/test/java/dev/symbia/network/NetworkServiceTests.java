package dev.symbia.network;

import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the network service. */
class NetworkServiceTests extends ServiceContractTests {
}
