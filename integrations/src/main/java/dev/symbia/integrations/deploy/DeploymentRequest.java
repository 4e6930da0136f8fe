package dev.symbia.integrations.deploy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /api/deployments}: {@code {artifact: {repo, path} | image: "docker://<repo>/<image>:<tag>",
 * gate: {maxSeverity}, pipeline?: {name, branch}, railway: {projectId, serviceId, environmentId}}}.
 */
record DeploymentRequest(@Valid Artifact artifact,
        @Pattern(regexp = "docker://[A-Za-z0-9][A-Za-z0-9._-]{0,63}/[a-z0-9._/-]{1,255}:[A-Za-z0-9._-]{1,128}",
                message = "must be docker://<repo>/<image>:<tag>") String image,
        @NotNull @Valid Gate gate, @Valid Pipeline pipeline, @NotNull @Valid Railway railway) {

    record Artifact(@NotBlank String repo, @NotBlank String path) {
    }

    record Gate(@NotBlank @Pattern(regexp = "(?i)critical|high|medium|low|information|unknown",
            message = "must be one of Critical, High, Medium, Low, Information, Unknown") String maxSeverity) {
    }

    record Pipeline(@NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,128}") String name, String branch) {
    }

    private static final String ID = "[A-Za-z0-9-]{1,64}";

    record Railway(@NotBlank @Pattern(regexp = ID) String projectId, @NotBlank @Pattern(regexp = ID) String serviceId,
            @NotBlank @Pattern(regexp = ID) String environmentId) {
    }
}
