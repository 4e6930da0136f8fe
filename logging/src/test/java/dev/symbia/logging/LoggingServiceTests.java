package dev.symbia.logging;

import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the logging service. */
class LoggingServiceTests extends ServiceContractTests {
}
