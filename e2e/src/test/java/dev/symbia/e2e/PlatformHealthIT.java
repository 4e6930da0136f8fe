package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.SymbiaService;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** The whole platform is up and the gateway reaches every service (SPEC §1, §2). */
@ExtendWith(StackExtension.class)
class PlatformHealthIT {

    @Test
    void gatewayReportsAllNineServicesUp(Gateway gateway) {
        Gateway.Response response = gateway.get("/api/health");

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("status").asString()).as("%s", response).isEqualToIgnoringCase("up");
        JsonNode services = body.path("services");
        assertThat(services.properties()).as("%s", response).hasSize(SymbiaService.values().length);
        for (SymbiaService service : SymbiaService.values()) {
            JsonNode entry = services.path(service.id());
            assertThat(entry.path("status").asString()).as("%s in %s", service.id(), response).isEqualToIgnoringCase("up");
            assertThat(entry.path("latencyMs").isNumber()).as("%s latencyMs in %s", service.id(), response).isTrue();
        }
    }

    @Test
    void gatewayIsReadyItself(Gateway gateway) {
        Gateway.Response response = gateway.get("/health/ready");

        assertThat(response.status()).as("%s", response).isEqualTo(200);
    }

    /** {@code /api/{service}/**} reaches that service's {@code /api/**}, and not another one. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(SymbiaService.class)
    void eachServiceDescribesItselfThroughTheGateway(SymbiaService service, Gateway gateway) {
        Gateway.Response response = gateway.get("/api/" + service.id() + "/bootstrap/service");

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.json().path("service").asString()).as("%s", response).isEqualTo(service.id());
    }
}
