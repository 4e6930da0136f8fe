package dev.symbia.assistants.engine;

import java.util.List;
import java.util.Map;

/**
 * Calls to the platform's own services for {@code service.call} and {@code integration.invoke}: implemented outside
 * the engine, with this service's token, acting for the assistant in the run's org, and only where an operator
 * allowed it.
 */
public interface Services {

    /**
     * One allow-listed call.
     *
     * @param path  the path as rendered from the rule (checked against the allow-list after normalising)
     * @param query query parameters (may be empty)
     * @param body  a JSON-able body, or null
     * @return {@code {status, body}} (the body parsed as JSON when it is JSON, else text); refusals, errors and
     *         transport failures are {@link ActionFailure}s with a safe message
     */
    Map<String, Object> call(String orgId, String actingFor, String service, String method, String path,
            Map<String, String> query, Object body);

    /** An integrations operation ({@code POST /api/internal/execute}) for the assistant: the answer's JSON. */
    Map<String, Object> invokeIntegration(String orgId, String actingFor, String provider, String operation,
            Map<String, Object> params);

    /**
     * Embeddings of {@code inputs}, in order, with {@code model} ({@code provider/model}) through integrations'
     * {@code /v1/embeddings}, as the assistant; failures are {@link ActionFailure}s.
     */
    default List<double[]> embed(String orgId, String actingFor, String model, List<String> inputs, Integer dimensions) {
        throw new ActionFailure("embeddings are not available");
    }

    Services NONE = new Services() {
        @Override
        public Map<String, Object> call(String o, String a, String s, String m, String p, Map<String, String> q, Object b) {
            throw new ActionFailure("service.call is not available");
        }

        @Override
        public Map<String, Object> invokeIntegration(String o, String a, String p, String op, Map<String, Object> params) {
            throw new ActionFailure("integration.invoke is not available");
        }
    };
}
