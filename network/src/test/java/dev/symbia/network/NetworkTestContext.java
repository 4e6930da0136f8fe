package dev.symbia.network;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The one Spring context (and database) of the network's tests: the integration tests ({@link NetworkTestSupport})
 * and the platform contract ({@link NetworkServiceTests}) carry it, so Spring's context cache starts the service once
 * for both. A fixed network secret so tests can sign envelopes, the network's own service token for its HTTP
 * deliveries, quick delivery retries.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "NETWORK_HASH_SECRET=" + NetworkTestSupport.SECRET,
        "INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}",
        "symbia.network.delivery.backoff=20ms",
        "symbia.network.delivery.read-timeout=2s",
        "symbia.network.delivery.connect-timeout=1s"})
public @interface NetworkTestContext {
}
