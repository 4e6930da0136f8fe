package dev.symbia.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SymbiaServiceTests {

    @Test
    void portsMatchTheServiceMap() {
        assertThat(SymbiaService.values()).hasSize(9);
        assertThat(SymbiaService.IDENTITY.defaultPort()).isEqualTo(5001);
        assertThat(SymbiaService.MODELS.defaultPort()).isEqualTo(5008);
        assertThat(SymbiaService.NETWORK.defaultPort()).isEqualTo(5054);
    }

    @Test
    void servicePortWinsOverGenericPort() {
        assertThat(SymbiaService.MESSAGING.port(Map.of("PORT", "7000", "MESSAGING_PORT", "7100"))).isEqualTo(7100);
        assertThat(SymbiaService.MESSAGING.port(Map.of("PORT", "7000"))).isEqualTo(7000);
        assertThat(SymbiaService.MESSAGING.port(Map.of())).isEqualTo(5005);
    }

    @Test
    void badPortIsReportedByName() {
        assertThatThrownBy(() -> SymbiaService.CATALOG.port(Map.of("CATALOG_PORT", "eighty")))
                .hasMessageContaining("CATALOG_PORT");
    }

    @Test
    void serviceUrlFromEnvironmentWithoutTrailingSlash() {
        assertThat(SymbiaService.IDENTITY.url(Map.of("IDENTITY_SERVICE_URL", "http://identity.internal:8080/")))
                .isEqualTo("http://identity.internal:8080");
        assertThat(SymbiaService.IDENTITY.url(Map.of())).isEqualTo("http://localhost:5001");
    }

    @Test
    void lookupById() {
        assertThat(SymbiaService.byId("runtime")).contains(SymbiaService.RUNTIME);
        assertThat(SymbiaService.byId("health")).isEmpty();
        assertThat(SymbiaService.byId(null)).isEmpty();
    }
}
