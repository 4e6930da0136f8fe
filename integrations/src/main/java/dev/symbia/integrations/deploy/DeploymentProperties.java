package dev.symbia.integrations.deploy;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Secure deploys.
 *
 * @param pollInterval     how often Xray, Pipelines and Railway are asked again while waiting
 * @param summaryAttempts  Xray summaries asked for before an artifact without one fails the gate (scans are async)
 * @param pipelineTimeout  longest wait for a triggered pipeline run
 * @param watchTimeout     longest wait for Railway to reach a terminal status
 * @param lease            how long a replica's claim on a deployment it runs lasts without renewal; a replica that
 *                         dies leaves its deployments to another replica after at most this long
 * @param claimInterval    how often a replica renews its leases and looks for deployments whose lease expired
 */
@Validated
@ConfigurationProperties("symbia.integrations.deployments")
record DeploymentProperties(@NotNull @DefaultValue("5s") Duration pollInterval,
        @Min(1) @DefaultValue("6") int summaryAttempts, @NotNull @DefaultValue("60m") Duration pipelineTimeout,
        @NotNull @DefaultValue("30m") Duration watchTimeout, @NotNull @DefaultValue("30s") Duration lease,
        @NotNull @DefaultValue("10s") Duration claimInterval) {

    public DeploymentProperties {
        if (lease != null && claimInterval != null && claimInterval.multipliedBy(2).compareTo(lease) > 0) {
            throw new IllegalArgumentException("symbia.integrations.deployments.claim-interval must be at most half the lease "
                    + "(renewals must land before it expires)");
        }
    }
}
