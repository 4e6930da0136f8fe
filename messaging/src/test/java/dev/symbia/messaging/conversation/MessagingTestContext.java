package dev.symbia.messaging.conversation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The Spring context (and database) the feature tests ({@link MessagingTestSupport}), the platform contract
 * ({@code MessagingServiceTests}) and the assistant events ({@code AssistantEventsTests}) share, so Spring's context
 * cache starts the service once for all of them: the service token messaging asks identity (TestIdentity) with
 * whether participants belong to the org, the capture of live events, and a {@code RecordingRelay} for what would go
 * to the network.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}")
@Import(MessagingTestSupport.TestBeans.class)
public @interface MessagingTestContext {
}
