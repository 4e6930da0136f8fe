package dev.symbia.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.symbia.core.SymbiaService;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;

class ServiceDirectoryTests {

    @Test
    void defaultsToLocalhostAndTheServicesPort() {
        ServiceDirectory directory = ServiceDirectory.from(new MockEnvironment());

        assertThat(directory.url(SymbiaService.MESSAGING)).isEqualTo(URI.create("http://localhost:5005"));
        assertThat(directory.url(SymbiaService.NETWORK)).isEqualTo(URI.create("http://localhost:5054"));
    }

    @Test
    void serviceUrlVariableWins() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("MESSAGING_SERVICE_URL", "https://messaging.railway.internal:8080/");

        assertThat(ServiceDirectory.from(environment).url(SymbiaService.MESSAGING))
                .isEqualTo(URI.create("https://messaging.railway.internal:8080"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"messaging:5005", "ftp://messaging", "http://messaging:5005/api", "http://user:pw@messaging",
            "http://messaging?x=1", "not a url"})
    void refusesAnythingButAnHttpOrigin(String value) {
        MockEnvironment environment = new MockEnvironment().withProperty("MESSAGING_SERVICE_URL", value);

        assertThatIllegalStateException()
                .isThrownBy(() -> ServiceDirectory.from(environment))
                .withMessageContaining("MESSAGING_SERVICE_URL");
    }
}
