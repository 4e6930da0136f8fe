package dev.symbia.integrations;

import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the integrations service. */
class IntegrationsServiceTests extends ServiceContractTests {
}
