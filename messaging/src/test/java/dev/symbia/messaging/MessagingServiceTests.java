package dev.symbia.messaging;

import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the messaging service. */
class MessagingServiceTests extends ServiceContractTests {
}
