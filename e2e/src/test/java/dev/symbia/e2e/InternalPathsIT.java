package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.StackExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Service-to-service endpoints are never reachable from outside (SPEC §2, §3). */
@ExtendWith(StackExtension.class)
class InternalPathsIT {

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {
            "/api/identity/internal/anything",
            "/api/integrations/internal/execute",
            "/api/identity/auth/internal/anything",
            "/svc/identity/api/internal/anything",
    })
    void getIsNotFound(String path, Gateway gateway) {
        Gateway.Response response = gateway.get(path);

        assertThat(response.status()).as("%s", response).isEqualTo(404);
    }

    @ParameterizedTest(name = "POST {0}")
    @ValueSource(strings = {
            "/api/identity/internal/anything",
            "/api/integrations/internal/execute",
    })
    void postIsNotFound(String path, Gateway gateway) {
        Gateway.Response response = gateway.post(path, "application/json", "{\"provider\":\"x\"}");

        assertThat(response.status()).as("%s", response).isEqualTo(404);
    }
}
