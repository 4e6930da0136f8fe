package dev.symbia.models;

import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the models service. */
class ModelsServiceTests extends ServiceContractTests {
}
