package dev.symbia.network.contract;

import dev.symbia.network.security.Caller;
import dev.symbia.network.security.Capabilities;
import dev.symbia.network.security.RequiresCapability;
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
    ResponseEntity<ContractView> create(@RequiresCapability(Capabilities.CONTRACTS_WRITE) Caller caller,
            @RequestBody ContractService.CreateContract request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(ContractView.of(contracts.create(caller, request)));
    }

    @Operation(summary = "Active contracts, optionally those a node is part of")
    @GetMapping
    ContractList list(@RequiresCapability(Capabilities.TOPOLOGY_READ) Caller caller,
            @RequestParam(required = false) String nodeId) {
        List<ContractView> views = contracts.active(nodeId).stream().map(ContractView::of).toList();
        return new ContractList(views, views.size());
    }

    @Operation(summary = "Delete a contract")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@RequiresCapability(Capabilities.CONTRACTS_WRITE) Caller caller, @PathVariable UUID id) {
        contracts.delete(id);
        return ResponseEntity.noContent().build();
    }
}
