package dev.symbia.assistants;

import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the assistants service. */
class AssistantsServiceTests extends ServiceContractTests {
}
