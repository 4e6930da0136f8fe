package dev.symbia.integrations.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The one Spring context (and database) of the integrations tests: the REST tests ({@link GatewayTestSupport}) and the
 * platform contract ({@code IntegrationsServiceTests}) carry it, so Spring's context cache starts the service once for
 * both. The fakes' addresses come from a {@code DynamicPropertyRegistrar} bean rather than a
 * {@code @DynamicPropertySource} method, which would tie the context to the classes that inherit it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // A service secret TestIdentity accepts: libs/auth's service-token client exists, so the vault lookup is live.
        properties = "INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}")
@Import(GatewayTestSupport.Fakes.class)
public @interface IntegrationsTestContext {
}
