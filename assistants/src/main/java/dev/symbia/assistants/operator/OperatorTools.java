package dev.symbia.assistants.operator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The platform operations the operator can perform, each gated by the capability the owning service itself
 * checks (catalog search: {@code cap:catalog.read}; log queries: {@code cap:telemetry.read}; graph runs:
 * {@code cap:runtime.execute}; connectors and the secure deploy: {@code cap:integrations.read} to look,
 * {@code cap:integrations.deploy} to change — integrations' own classification). Whatever needs
 * {@code cap:integrations.deploy} changes the world outside the platform and is confirmed first.
 */
@Component
class OperatorTools {

    static final String CATALOG_READ = "cap:catalog.read";
    static final String TELEMETRY_READ = "cap:telemetry.read";
    static final String RUNTIME_EXECUTE = "cap:runtime.execute";
    static final String INTEGRATIONS_READ = "cap:integrations.read";
    static final String INTEGRATIONS_DEPLOY = "cap:integrations.deploy";

    private final Map<String, OperatorTool> tools = new LinkedHashMap<>();

    OperatorTools() {
        add("catalog_search", "Search the platform catalog (assistants, components, graphs, integrations, models…) by keywords",
                CATALOG_READ, object(Map.of("query", string("keywords"), "type", string("resource type, e.g. graph, component, assistant")),
                        "query"),
                a -> new OperatorTool.HttpCall("POST", "catalog", "/api/search", compact(
                        "query", a.get("query"), "type", a.get("type"), "limit", 10)));
        add("logs_query", "Query the org's logs: free-text search, minimum level, services, and how far back in minutes",
                TELEMETRY_READ, object(Map.of("search", string("text to find"), "minLevel",
                        Map.of("type", "string", "enum", List.of("debug", "info", "warn", "error", "fatal")),
                        "service", string("only this service"), "sinceMinutes", integer("how far back (default 1440)"),
                        "limit", integer("at most this many entries (default 50)"))),
                a -> new OperatorTool.HttpCall("POST", "logging", "/api/logs/query", compact(
                        "search", a.get("search"), "minLevel", a.get("minLevel"),
                        "services", a.get("service") == null ? null : List.of(a.get("service")),
                        "startTime", Instant.now().minus(number(a.get("sinceMinutes"), 1440), ChronoUnit.MINUTES).toString(),
                        "limit", Math.min(number(a.get("limit"), 50), 200))));
        add("runtime_execute_graph", "Start an execution of a graph loaded in the runtime, by its id",
                RUNTIME_EXECUTE, object(Map.of("graphId", string("the graph's id")), "graphId"),
                a -> new OperatorTool.HttpCall("POST", "runtime", "/api/graphs/" + segment(a.get("graphId")) + "/execute", null));
        connector("xray_summary", "JFrog Xray: the security issues found for artifacts (paths like repo/path/file)", "jfrog",
                "xray.summary", INTEGRATIONS_READ, object(Map.of("paths", Map.of("type", "array", "items", string("artifact path"))), "paths"));
        connector("xray_scan", "JFrog Xray: start a scan of a component (componentId like docker://image:tag)", "jfrog",
                "xray.scan", INTEGRATIONS_DEPLOY, object(Map.of("componentId", string("the component to scan")), "componentId"));
        connector("artifactory_search", "JFrog Artifactory: find artifacts with an AQL query", "jfrog", "artifactory.search",
                INTEGRATIONS_READ, object(Map.of("query", string("AQL, e.g. items.find({\"repo\":\"libs\"})")), "query"));
        connector("artifactory_info", "JFrog Artifactory: an artifact's storage info", "jfrog", "artifactory.info",
                INTEGRATIONS_READ, object(Map.of("repo", string("repository"), "path", string("path in it")), "repo", "path"));
        connector("artifactory_upload", "JFrog Artifactory: upload a text artifact", "jfrog", "artifactory.upload",
                INTEGRATIONS_DEPLOY, object(Map.of("repo", string("repository"), "path", string("path in it"),
                        "content", string("the file's text")), "repo", "path", "content"));
        connector("pipelines_trigger", "JFrog Pipelines: trigger a pipeline run on a branch", "jfrog", "pipelines.trigger",
                INTEGRATIONS_DEPLOY, object(Map.of("pipelineName", string("pipeline"), "branchName", string("branch"),
                        "projectKey", string("project key (optional)")), "pipelineName", "branchName"));
        connector("pipelines_runs", "JFrog Pipelines: recent runs of pipelines (comma-separated ids)", "jfrog",
                "pipelines.runs", INTEGRATIONS_READ, object(Map.of("pipelineIds", string("ids, comma-separated"),
                        "limit", integer("how many")), "pipelineIds"));
        connector("railway_status", "Railway: a deployment's status, by deploymentId or the latest of a service in an environment",
                "railway", "status", INTEGRATIONS_READ, object(Map.of("deploymentId", string("deployment"),
                        "serviceId", string("service"), "environmentId", string("environment"), "projectId", string("project"))));
        connector("railway_logs", "Railway: a deployment's logs", "railway", "logs", INTEGRATIONS_READ,
                object(Map.of("deploymentId", string("deployment"), "limit", integer("how many lines")), "deploymentId"));
        connector("railway_deploy", "Railway: deploy a service in an environment (optionally a commit)", "railway", "deploy",
                INTEGRATIONS_DEPLOY, object(Map.of("serviceId", string("service"), "environmentId", string("environment"),
                        "commitSha", string("commit (optional)")), "serviceId", "environmentId"));
        add("secure_deploy", "Secure deploy: Xray-scan an artifact or image, stop above a severity, optionally run a "
                        + "pipeline, then deploy to Railway and watch it",
                INTEGRATIONS_DEPLOY, true, object(Map.of(
                        "image", string("docker://<repo>/<image>:<tag> (or give artifactRepo + artifactPath)"),
                        "artifactRepo", string("Artifactory repository"), "artifactPath", string("path in it"),
                        "maxSeverity", Map.of("type", "string", "enum", List.of("Critical", "High", "Medium", "Low")),
                        "projectId", string("Railway project"), "serviceId", string("Railway service"),
                        "environmentId", string("Railway environment")),
                        "maxSeverity", "projectId", "serviceId", "environmentId"),
                a -> new OperatorTool.HttpCall("POST", "integrations", "/api/deployments", compact(
                        "image", a.get("image"),
                        "artifact", a.get("artifactRepo") == null ? null
                                : Map.of("repo", a.get("artifactRepo"), "path", String.valueOf(a.get("artifactPath"))),
                        "gate", Map.of("maxSeverity", String.valueOf(a.get("maxSeverity"))),
                        "railway", Map.of("projectId", String.valueOf(a.get("projectId")),
                                "serviceId", String.valueOf(a.get("serviceId")),
                                "environmentId", String.valueOf(a.get("environmentId"))))));
    }

    Optional<OperatorTool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** The tools a principal holding {@code caps} may use (super admins hold every one). */
    List<OperatorTool> offered(Set<String> caps, boolean superAdmin) {
        return tools.values().stream().filter(t -> superAdmin || caps.contains(t.capability())).toList();
    }

    private void connector(String name, String description, String connector, String operation, String capability,
            Map<String, Object> parameters) {
        add(name, description, capability, parameters, a -> new OperatorTool.HttpCall("POST", "integrations",
                "/api/connectors/" + connector + "/" + operation, a));
    }

    private void add(String name, String description, String capability, Map<String, Object> parameters,
            Function<Map<String, Object>, OperatorTool.HttpCall> call) {
        add(name, description, capability, INTEGRATIONS_DEPLOY.equals(capability), parameters, call);
    }

    private void add(String name, String description, String capability, boolean confirm,
            Map<String, Object> parameters, Function<Map<String, Object>, OperatorTool.HttpCall> call) {
        tools.put(name, new OperatorTool(name, description, capability, confirm, parameters, call));
    }

    private static Map<String, Object> object(Map<String, Object> properties, String... required) {
        return Map.of("type", "object", "properties", properties, "required", List.of(required),
                "additionalProperties", false);
    }

    private static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    private static Map<String, Object> integer(String description) {
        return Map.of("type", "integer", "description", description);
    }

    /** Drops absent values (Map.of refuses nulls, and peers' strict bodies refuse explicit ones they do not know). */
    private static Map<String, Object> compact(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                out.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return out;
    }

    private static long number(Object value, long fallback) {
        return value instanceof Number n && n.longValue() > 0 ? n.longValue() : fallback;
    }

    private static String segment(Object value) {
        String s = String.valueOf(value);
        if (!s.matches("[A-Za-z0-9._:-]{1,200}")) {
            throw new IllegalArgumentException("graphId must be letters, digits, '.', '_', ':' or '-'");
        }
        return s;
    }
}
