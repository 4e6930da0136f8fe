package dev.symbia.integrations;

import dev.symbia.integrations.testing.IntegrationsTestContext;
import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the integrations service, in the REST tests' context. */
@IntegrationsTestContext
class IntegrationsServiceTests extends ServiceContractTests {
}
