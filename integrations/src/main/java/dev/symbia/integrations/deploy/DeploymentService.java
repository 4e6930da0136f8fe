package dev.symbia.integrations.deploy;

import dev.symbia.auth.Caller;
import dev.symbia.integrations.credential.Account;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Secure deploys: start (run by this replica), read (in the caller's org only) and cancel; what a stopped or dead
 * replica left running is resumed by {@link DeploymentClaims}.
 */
@Service
class DeploymentService {

    private final DeploymentStore store;
    private final DeploymentRunner runner;
    private final RequestBodies bodies;
    private final DeploymentProperties properties;

    DeploymentService(DeploymentStore store, DeploymentRunner runner, RequestBodies bodies,
            DeploymentProperties properties) {
        this.store = store;
        this.runner = runner;
        this.bodies = bodies;
        this.properties = properties;
    }

    DeploymentView start(Caller caller, JsonNode body) {
        DeploymentRequest request = bodies.read(body, DeploymentRequest.class);
        if ((request.artifact() == null) == (request.image() == null)) {
            throw RequestBodies.invalidField("artifact", "give either artifact {repo, path} or image, not both");
        }
        if (request.artifact() != null) {
            // The same checks the connector applies to repository keys and paths.
            validatePath(request.artifact().repo(), request.artifact().path());
        }
        UUID id = UUID.randomUUID();
        Account account = Account.of(caller);
        store.create(id, account.orgId(), account.userId(), body, runner.owner(), properties.lease());
        runner.start(id, account, request);
        return store.find(caller.orgId(), id).orElseThrow();
    }

    DeploymentView get(Caller caller, UUID id) {
        return store.find(caller.orgId(), id).orElseThrow(() -> ProblemException.notFound("Deployment " + id));
    }

    List<DeploymentView> list(Caller caller, int limit) {
        return store.list(caller.orgId(), limit);
    }

    DeploymentView cancel(Caller caller, UUID id) {
        DeploymentView deployment = get(caller, id);
        if (deployment.terminal()) {
            throw ProblemException.conflict("Deployment " + id + " has already ended (" + deployment.status() + ").");
        }
        runner.cancel(deployment);
        return get(caller, id);
    }

    private static void validatePath(String repo, String path) {
        if (!repo.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw RequestBodies.invalidField("artifact.repo", "must be a repository key");
        }
        for (String segment : path.replaceFirst("^/", "").split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.length() > 255
                    || segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw RequestBodies.invalidField("artifact.path", "must be a relative path without empty or dot segments");
            }
        }
    }
}
