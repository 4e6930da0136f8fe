package dev.symbia.messaging;

import dev.symbia.messaging.conversation.MessagingTestContext;
import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the messaging service, in the feature tests' context. */
@MessagingTestContext
class MessagingServiceTests extends ServiceContractTests {
}
