package dev.symbia.runtime.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The runtime's settings (environment names in runtime/README.md).
 *
 * @param maxConcurrentExecutions live (running or paused) executions at once; stopped ones do not count
 * @param maxBackpressureQueue    injects held per paused execution; beyond it 429
 * @param manifestEnforcement     strict | warn | off: graphs may only use components manifested in the catalog
 * @param ingressEnforcement      strict | warn | off: the ingress gate
 * @param stateFlush              write-behind interval of operator state and execution metrics
 * @param nodeTimeout             longest one blocking node invocation (delay, http-request) may take
 * @param httpAllowPrivate        http-request may reach loopback/private/link-local addresses (development only)
 * @param catalogRefresh          how long the catalog's component manifest set is trusted before it is re-read
 * @param catalogUrl              the catalog's base URL; empty = {@code CATALOG_SERVICE_URL}, else localhost:5003
 * @param registerManifests       publish missing component manifests to the catalog at boot
 * @param leaseTtl                how long a replica's ownership of an execution lasts unrenewed (renewed every third)
 * @param replicaId               this replica's stable id; empty = host:port of {@code replicaUrl}
 * @param replicaUrl              where other replicas reach this one; empty = http://localhost:{server port}
 * @param integrationsUrl         integrations' base URL; empty = {@code INTEGRATIONS_SERVICE_URL}, else localhost:5007
 * @param catalogPoll             how often graphs loaded from the catalog are re-checked without an event (0 = never)
 * @param registerIngress         graphs that declare {@code metadata.ingress} are registered in the catalog as
 *                                {@code ingress/<graphName>} (an integration resource of the graph's org)
 * @param hydrateGraphs           load every org's published catalog graphs by themselves (at boot, on catalog events
 *                                and on each poll), each as its owner, pinned to the latest version
 * @param autoExecute             graphs whose role is {@code pipeline} or {@code service} start an execution as they
 *                                load; when false they load and wait to be started
 */
@Validated
@ConfigurationProperties("symbia.runtime")
public record RuntimeProperties(
        @DefaultValue("100") @Min(1) int maxConcurrentExecutions,
        @DefaultValue("10000") @Min(1) int maxBackpressureQueue,
        @DefaultValue("strict") @NotNull Enforcement manifestEnforcement,
        @DefaultValue("strict") @NotNull Enforcement ingressEnforcement,
        @DefaultValue("2s") @NotNull Duration stateFlush,
        @DefaultValue("30s") @NotNull Duration nodeTimeout,
        @DefaultValue("false") boolean httpAllowPrivate,
        @DefaultValue("30s") @NotNull Duration catalogRefresh,
        @DefaultValue("") String catalogUrl,
        @DefaultValue("true") boolean registerManifests,
        @DefaultValue("15s") @NotNull Duration leaseTtl,
        @DefaultValue("") String replicaId,
        @DefaultValue("") String replicaUrl,
        @DefaultValue("") String integrationsUrl,
        @DefaultValue("5m") @NotNull Duration catalogPoll,
        @DefaultValue("true") boolean registerIngress,
        @DefaultValue("true") boolean hydrateGraphs,
        @DefaultValue("true") boolean autoExecute) {

    public enum Enforcement { STRICT, WARN, OFF }
}
