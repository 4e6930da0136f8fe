package dev.symbia.network.contract;

import dev.symbia.auth.RequiresCapability;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.network.security.Capabilities;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/registry/contracts}. */
@RestController
@RequestMapping("/api/registry/contracts")
class ContractController {

    private final ContractService contracts;

    ContractController(ContractService contracts) {
        this.contracts = contracts;
    }

    record ContractList(List<ContractView> contracts, int count) {
    }

    @Operation(summary = "Create a contract")
    @PostMapping
    @RequiresCapability(Capabilities.CONTRACTS_WRITE)
    ResponseEntity<ContractView> create(SymbiaPrincipal principal,
            @RequestBody ContractService.CreateContract request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(ContractView.of(contracts.create(principal, request)));
    }

    @Operation(summary = "Active contracts, optionally those a node is part of")
    @GetMapping
    @RequiresCapability(Capabilities.TOPOLOGY_READ)
    ContractList list(@RequestParam(required = false) String nodeId) {
        List<ContractView> views = contracts.active(nodeId).stream().map(ContractView::of).toList();
        return new ContractList(views, views.size());
    }

    @Operation(summary = "Delete a contract")
    @DeleteMapping("/{id}")
    @RequiresCapability(Capabilities.CONTRACTS_WRITE)
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        contracts.delete(id);
        return ResponseEntity.noContent().build();
    }
}
