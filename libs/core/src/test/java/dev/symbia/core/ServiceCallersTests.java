package dev.symbia.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceCallersTests {

    @Test
    void theNineServicesAndTheGatewayAreKnown() {
        for (SymbiaService service : SymbiaService.values()) {
            assertThat(ServiceCallers.isKnown(service.id())).as(service.id()).isTrue();
        }
        assertThat(ServiceCallers.isKnown(ServiceCallers.GATEWAY)).isTrue();
    }

    @Test
    void theGatewayIsNoService() {
        assertThat(SymbiaService.byId(ServiceCallers.GATEWAY)).isEmpty();
        assertThat(SymbiaService.values()).hasSize(9);
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(ServiceCallers.isKnown(null)).isFalse();
        assertThat(ServiceCallers.isKnown("")).isFalse();
        assertThat(ServiceCallers.isKnown("evil")).isFalse();
        assertThat(ServiceCallers.isKnown("Gateway")).isFalse();
        assertThat(ServiceCallers.isKnown("MESSAGING")).isFalse();
    }
}
