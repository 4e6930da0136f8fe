package dev.symbia.integrations.connector;

import dev.symbia.auth.Authz;
import dev.symbia.auth.Caller;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.integrations.support.Callers;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The seed connectors (issue 22): {@code GET /api/connectors} (gateway: {@code /api/integrations/connectors}) and
 * {@code POST /api/connectors/{connector}/{operation}} with the operation's parameters as a JSON object.
 */
@RestController
class ConnectorsController {

    private final ConnectorService connectors;

    ConnectorsController(ConnectorService connectors) {
        this.connectors = connectors;
    }

    @Operation(summary = "Connectors, whether the caller has a credential for each, and whether each answers a ping")
    @GetMapping("/api/connectors")
    Map<String, List<ConnectorService.ConnectorView>> list(SymbiaPrincipal principal,
            @RequestParam(defaultValue = "true") boolean ping) {
        Caller caller = Callers.of(principal);
        Authz.check(principal, ConnectorService.READ);
        return Map.of("connectors", connectors.list(caller, ping));
    }

    @Operation(summary = "Run one connector operation with the caller's credential")
    @PostMapping(path = "/api/connectors/{connector}/{operation}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ConnectorService.Result run(SymbiaPrincipal principal, @PathVariable String connector,
            @PathVariable String operation, @RequestBody(required = false) JsonNode body) {
        return connectors.run(Callers.of(principal), connector, operation, body);
    }
}
