package dev.symbia.integrations.connector;

import dev.symbia.auth.Authz;
import dev.symbia.auth.Caller;
import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.credential.Credential;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * The connector operations behind {@code POST /api/connectors/{connector}/{operation}}: which capability each needs
 * ({@code cap:integrations.deploy} when it changes something outside the platform, {@code cap:integrations.read}
 * otherwise), its strictly read parameters, the caller's credential, and one structured record per call.
 */
@Service
class ConnectorService {

    static final String READ = "cap:integrations.read";
    static final String DEPLOY = "cap:integrations.deploy";

    private final ConnectorCredentials credentials;
    private final RequestBodies bodies;
    private final ConnectorCallLog records;
    private final JfrogClient jfrog;
    private final RailwayClient railway;
    private final SupabaseRealtime supabase;
    private final Map<String, Operation> operations = new LinkedHashMap<>();

    ConnectorService(ConnectorCredentials credentials, RequestBodies bodies, ConnectorCallLog records, JfrogClient jfrog,
            RailwayClient railway, SupabaseRealtime supabase) {
        this.credentials = credentials;
        this.bodies = bodies;
        this.records = records;
        this.jfrog = jfrog;
        this.railway = railway;
        this.supabase = supabase;
        jfrogOperations();
        railwayOperations();
        register(Connector.SUPABASE, "realtime.broadcast", DEPLOY, SupabaseRealtime.BroadcastParams.class,
                supabase::broadcast);
    }

    /** One operation: its capability and how to run it with the caller's credential and parameters. */
    private record Operation(Connector connector, String name, String capability, Class<?> params,
            BiFunction<Credential, Object, Object> run) {
    }

    public record OperationView(String name, String capability) {
    }

    public record ConnectorView(String name, boolean configured, Boolean reachable, String credentialOrigin,
            String problem, List<OperationView> operations) {
    }

    public record Result(String connector, String operation, Object result) {
    }

    /** Each connector, whether the caller has a credential (and a URL) for it, and whether it answers a ping. */
    public List<ConnectorView> list(Caller caller, boolean ping) {
        Account owner = Account.of(caller);
        List<ConnectorView> views = new ArrayList<>();
        for (Connector connector : Connector.values()) {
            List<OperationView> ops = operations.values().stream().filter(o -> o.connector() == connector)
                    .map(o -> new OperationView(o.name(), o.capability())).toList();
            boolean hasUrl = switch (connector) {
                case JFROG -> jfrog.configured();
                case RAILWAY -> railway.configured();
                case SUPABASE -> supabase.configured();
            };
            var credential = credentials.find(owner, connector);
            if (!hasUrl || credential.isEmpty()) {
                views.add(new ConnectorView(connector.vaultName(), false, null, credential.map(c -> c.origin().wireName())
                        .orElse(null), hasUrl ? "no credential" : "no URL configured", ops));
                continue;
            }
            Boolean reachable = null;
            String problem = null;
            if (ping && connector != Connector.SUPABASE) { // Realtime has no side-effect-free ping
                try {
                    Credential usable = credentials.require(owner, connector);
                    reachable = connector == Connector.JFROG ? jfrog.ping(usable) : railway.ping(usable);
                } catch (ProblemException e) {
                    reachable = false;
                    problem = e.getBody().getDetail();
                }
            }
            views.add(new ConnectorView(connector.vaultName(), true, reachable, credential.get().origin().wireName(),
                    problem, ops));
        }
        return views;
    }

    public Result run(Caller caller, String connectorName, String operationName,
            JsonNode body) {
        Connector connector = Connector.parse(connectorName)
                .orElseThrow(() -> ProblemException.notFound("Connector '" + safeName(connectorName) + "'"));
        Operation operation = operations.get(connector.vaultName() + "/" + operationName);
        if (operation == null) {
            throw ProblemException.notFound("Operation '" + safeName(operationName) + "' of connector "
                    + connector.vaultName());
        }
        Authz.check(caller.principal(), operation.capability());
        Object params = bodies.read(body == null || body.isNull() ? bodies_empty() : body, operation.params());
        long start = System.nanoTime();
        Account owner = Account.of(caller);
        Credential credential = credentials.require(owner, connector);
        try {
            Object result = operation.run().apply(credential, params);
            records.call(owner, connector.vaultName(), operation.name(), "success", null, vendorId(result),
                    Duration.ofNanos(System.nanoTime() - start), summary(result));
            return new Result(connector.vaultName(), operation.name(), result);
        } catch (ConnectorException e) {
            records.call(owner, connector.vaultName(), operation.name(), "error", e.category().wireName(), null,
                    Duration.ofNanos(System.nanoTime() - start), Map.of("upstreamStatus", e.upstreamStatus()));
            throw e;
        }
    }

    private JsonNode bodies_empty() {
        return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    @SuppressWarnings("unchecked")
    private <P> void register(Connector connector, String name, String capability, Class<P> params,
            BiFunction<Credential, P, Object> run) {
        operations.put(connector.vaultName() + "/" + name, new Operation(connector, name, capability, params,
                (credential, p) -> run.apply(credential, (P) p)));
    }

    private void jfrogOperations() {
        register(Connector.JFROG, "artifactory.upload", DEPLOY, JfrogClient.Upload.class, jfrog::upload);
        register(Connector.JFROG, "artifactory.info", READ, JfrogClient.Info.class, jfrog::info);
        register(Connector.JFROG, "artifactory.search", READ, JfrogClient.Search.class, jfrog::search);
        register(Connector.JFROG, "artifactory.docker.promote", DEPLOY, JfrogClient.Promote.class, jfrog::promote);
        register(Connector.JFROG, "xray.scan", DEPLOY, JfrogClient.Scan.class, jfrog::scan);
        register(Connector.JFROG, "xray.summary", READ, JfrogClient.Summary.class, jfrog::summary);
        register(Connector.JFROG, "pipelines.trigger", DEPLOY, JfrogClient.Trigger.class, jfrog::trigger);
        register(Connector.JFROG, "pipelines.runs", READ, JfrogClient.Runs.class,
                (credential, params) -> Map.of("runs", jfrog.runs(credential, params)));
    }

    private void railwayOperations() {
        register(Connector.RAILWAY, "projects", READ, RailwayClient.Projects.class, railway::projects);
        register(Connector.RAILWAY, "deploy", DEPLOY, RailwayClient.Deploy.class,
                (credential, params) -> Map.of("deploymentId", railway.deploy(credential, params)));
        register(Connector.RAILWAY, "redeploy", DEPLOY, RailwayClient.Redeploy.class, railway::redeploy);
        register(Connector.RAILWAY, "status", READ, RailwayClient.Status.class, railway::status);
        register(Connector.RAILWAY, "logs", READ, RailwayClient.Logs.class, railway::logs);
        register(Connector.RAILWAY, "variables.set", DEPLOY, RailwayClient.SetVariables.class, railway::setVariables);
    }

    private static String vendorId(Object result) {
        return result instanceof Map<?, ?> map && map.get("vendorRequestId") instanceof String id ? id : null;
    }

    // What a record may say about a result: counts and ids, never values a caller sent.
    private static Map<String, Object> summary(Object result) {
        if (result instanceof JfrogClient.XraySummary summary) {
            Map<String, Object> counts = new LinkedHashMap<>();
            summary.artifacts().stream().flatMap(a -> a.issues().stream())
                    .forEach(i -> counts.merge(i.severity().wireName(), 1, (a, b) -> (Integer) a + (Integer) b));
            return Map.of("artifacts", summary.artifacts().size(), "issuesBySeverity", counts);
        }
        if (result instanceof Map<?, ?> map && map.get("deploymentId") instanceof String id) {
            return Map.of("deploymentId", id);
        }
        return Map.of();
    }

    private static String safeName(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
