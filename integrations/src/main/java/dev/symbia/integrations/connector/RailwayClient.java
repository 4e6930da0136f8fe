package dev.symbia.integrations.connector;

import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.stream.ErrorCategory;
import dev.symbia.web.body.RequestBodies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Railway's public GraphQL API ({@code POST RAILWAY_API_URL}, reference §4) with an account or workspace token
 * ({@code Authorization: Bearer}). Railway answers errors — a refused token included — as HTTP 200 with an
 * {@code errors} member: those are failures here, never data.
 */
@Component
public class RailwayClient {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Railway's {@code DeploymentStatus} values that end a deployment. */
    public static final Set<String> SUCCEEDED = Set.of("SUCCESS", "SLEEPING");
    public static final Set<String> FAILED = Set.of("FAILED", "CRASHED", "REMOVED", "REMOVING", "SKIPPED");

    private final VendorHttp http;
    private final ConnectorProperties properties;

    RailwayClient(VendorHttp http, ConnectorProperties properties) {
        this.http = http;
        this.properties = properties;
    }

    record Projects(Integer first) {
    }

    JsonNode projects(Credential credential, Projects params) {
        int first = params.first() == null ? 50 : params.first();
        if (first < 1 || first > 100) {
            throw RequestBodies.invalidField("first", "must be between 1 and 100");
        }
        JsonNode data = graphql(credential, "query projects($first: Int) { projects(first: $first) { edges { node { id name "
                + "services { edges { node { id name } } } environments { edges { node { id name } } } } } } }",
                Map.of("first", first));
        List<Map<String, Object>> projects = new ArrayList<>();
        for (JsonNode edge : data.path("projects").path("edges")) {
            JsonNode node = edge.path("node");
            projects.add(Map.of("id", node.path("id").asString(""), "name", node.path("name").asString(""),
                    "services", nodes(node.path("services")), "environments", nodes(node.path("environments"))));
        }
        return http.json().valueToTree(Map.of("projects", projects));
    }

    public record Deploy(String serviceId, String environmentId, String commitSha) {
    }

    /** {@code serviceInstanceDeployV2(serviceId, environmentId, commitSha?)}: the new deployment's id. */
    public String deploy(Credential credential, Deploy params) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("serviceId", id("serviceId", params.serviceId()));
        variables.put("environmentId", id("environmentId", params.environmentId()));
        if (params.commitSha() != null) {
            if (!params.commitSha().matches("[0-9a-fA-F]{7,40}")) {
                throw RequestBodies.invalidField("commitSha", "must be a git commit sha");
            }
            variables.put("commitSha", params.commitSha());
        }
        JsonNode data = graphql(credential, "mutation deploy($serviceId: String!, $environmentId: String!, $commitSha: String) "
                + "{ serviceInstanceDeployV2(serviceId: $serviceId, environmentId: $environmentId, commitSha: $commitSha) }",
                variables);
        String id = data.path("serviceInstanceDeployV2").asString("");
        if (id.isBlank()) {
            throw new ConnectorException(Connector.RAILWAY, ErrorCategory.PROVIDER,
                    "Railway did not return a deployment id.", 200, null);
        }
        return id;
    }

    record Redeploy(String deploymentId) {
    }

    Map<String, Object> redeploy(Credential credential, Redeploy params) {
        JsonNode data = graphql(credential, "mutation redeploy($id: String!) { deploymentRedeploy(id: $id) { id status } }",
                Map.of("id", id("deploymentId", params.deploymentId())));
        JsonNode deployment = data.path("deploymentRedeploy");
        return Map.of("deploymentId", deployment.path("id").asString(""), "status", deployment.path("status").asString(""));
    }

    public record Status(String deploymentId, String serviceId, String environmentId, String projectId) {
    }

    /** A deployment's status: by id, or the latest one of a service in an environment. */
    public Map<String, Object> status(Credential credential, Status params) {
        if (params.deploymentId() != null) {
            JsonNode data = graphql(credential, "query deployment($id: String!) { deployment(id: $id) { id status url "
                    + "staticUrl createdAt } }", Map.of("id", id("deploymentId", params.deploymentId())));
            if (data.path("deployment").isNull() || data.path("deployment").isMissingNode()) {
                throw new ConnectorException(Connector.RAILWAY, ErrorCategory.NOT_FOUND, "Railway has no such deployment.",
                        200, null);
            }
            return deployment(data.path("deployment"));
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("serviceId", id("serviceId", params.serviceId()));
        input.put("environmentId", id("environmentId", params.environmentId()));
        if (params.projectId() != null) {
            input.put("projectId", id("projectId", params.projectId()));
        }
        JsonNode data = graphql(credential, "query deployments($input: DeploymentListInput!) { deployments(input: $input, "
                + "first: 1) { edges { node { id status url staticUrl createdAt } } } }", Map.of("input", input));
        JsonNode edges = data.path("deployments").path("edges");
        if (!edges.isArray() || edges.isEmpty()) {
            throw new ConnectorException(Connector.RAILWAY, ErrorCategory.NOT_FOUND,
                    "Railway has no deployment of that service in that environment.", 200, null);
        }
        return deployment(edges.get(0).path("node"));
    }

    /** {@code deploymentCancel(id)}: best effort when a secure deploy is cancelled. */
    public void cancel(Credential credential, String deploymentId) {
        graphql(credential, "mutation cancel($id: String!) { deploymentCancel(id: $id) }",
                Map.of("id", id("deploymentId", deploymentId)));
    }

    record Logs(String deploymentId, Integer limit) {
    }

    JsonNode logs(Credential credential, Logs params) {
        int limit = params.limit() == null ? 100 : params.limit();
        if (limit < 1 || limit > 1000) {
            throw RequestBodies.invalidField("limit", "must be between 1 and 1000");
        }
        JsonNode data = graphql(credential, "query logs($deploymentId: String!, $limit: Int) { deploymentLogs(deploymentId: "
                + "$deploymentId, limit: $limit) { timestamp message severity } }",
                Map.of("deploymentId", id("deploymentId", params.deploymentId()), "limit", limit));
        return http.json().valueToTree(Map.of("logs", data.path("deploymentLogs")));
    }

    record SetVariables(String projectId, String environmentId, String serviceId, Map<String, String> variables,
            Boolean skipDeploys) {
    }

    /** {@code variableCollectionUpsert}: the values are sent, never echoed back or logged. */
    Map<String, Object> setVariables(Credential credential, SetVariables params) {
        if (params.variables() == null || params.variables().isEmpty() || params.variables().size() > 100) {
            throw RequestBodies.invalidField("variables", "must map 1 to 100 names to values");
        }
        for (Map.Entry<String, String> variable : params.variables().entrySet()) {
            if (!VARIABLE.matcher(variable.getKey()).matches() || variable.getValue() == null
                    || variable.getValue().length() > 32_768) {
                throw RequestBodies.invalidField("variables", "names must be [A-Za-z_][A-Za-z0-9_]* with a value");
            }
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("projectId", id("projectId", params.projectId()));
        input.put("environmentId", id("environmentId", params.environmentId()));
        if (params.serviceId() != null) {
            input.put("serviceId", id("serviceId", params.serviceId()));
        }
        input.put("variables", params.variables());
        input.put("skipDeploys", Boolean.TRUE.equals(params.skipDeploys()));
        JsonNode data = graphql(credential, "mutation variables($input: VariableCollectionUpsertInput!) { "
                + "variableCollectionUpsert(input: $input) }", Map.of("input", input));
        return Map.of("updated", data.path("variableCollectionUpsert").asBoolean(false),
                "names", List.copyOf(new java.util.TreeSet<>(params.variables().keySet())));
    }

    /** {@code query { me { id } }}-free reachability: an introspection-free trivial query. */
    boolean ping(Credential credential) {
        graphql(credential, "query { __typename }", Map.of());
        return true;
    }

    public boolean configured() {
        return !properties.railway().apiUrl().isBlank();
    }

    /** One GraphQL request; an {@code errors} member (even in a 200) is a failure, classified by its message. */
    JsonNode graphql(Credential credential, String query, Map<String, Object> variables) {
        HttpUrl url = HttpUrl.parse(properties.railway().apiUrl().strip());
        if (url == null) {
            throw ConnectorException.notConfigured(Connector.RAILWAY, "RAILWAY_API_URL is not a URL.");
        }
        byte[] body = http.json().writeValueAsBytes(Map.of("query", query, "variables", variables));
        Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + credential.apiKey())
                .header("Accept", "application/json").post(RequestBody.create(body, JSON)).build();
        VendorHttp.Answer answer = http.call(Connector.RAILWAY, credential, request);
        JsonNode reply = http.parse(Connector.RAILWAY, answer.body());
        JsonNode errors = reply.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            String message = VendorHttp.safe(errors.get(0).path("message").asString(""), credential);
            String lower = message.toLowerCase(Locale.ROOT);
            boolean auth = lower.contains("not authorized") || lower.contains("unauthorized")
                    || lower.contains("token not found") || lower.contains("two factor");
            throw new ConnectorException(Connector.RAILWAY, auth ? ErrorCategory.AUTH : ErrorCategory.VALIDATION,
                    auth ? "Railway refused the railway credential (" + credential.origin().wireName() + " key): " + message
                            + ". Store a valid one in the vault (provider 'railway')."
                            : "Railway answered with an error: " + message, 200, null);
        }
        if (!reply.path("data").isObject()) {
            throw new ConnectorException(Connector.RAILWAY, ErrorCategory.PROVIDER, "Railway's answer has no data.", 200,
                    null);
        }
        return reply.path("data");
    }

    private static Map<String, Object> deployment(JsonNode node) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deploymentId", node.path("id").asString(""));
        result.put("status", node.path("status").asString(""));
        result.put("url", node.path("url").asString(null));
        result.put("staticUrl", node.path("staticUrl").asString(null));
        result.put("createdAt", node.path("createdAt").asString(null));
        String status = node.path("status").asString("");
        result.put("terminal", SUCCEEDED.contains(status) || FAILED.contains(status));
        return result;
    }

    private static List<Map<String, String>> nodes(JsonNode connection) {
        List<Map<String, String>> nodes = new ArrayList<>();
        for (JsonNode edge : connection.path("edges")) {
            nodes.add(Map.of("id", edge.path("node").path("id").asString(""), "name",
                    edge.path("node").path("name").asString("")));
        }
        return nodes;
    }

    private static String id(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw RequestBodies.invalidField(field, "must be a Railway id");
        }
        return value;
    }
}
