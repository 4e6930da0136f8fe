package dev.symbia.assistants.outbound;

import dev.symbia.assistants.agent.AssistantAgents;
import dev.symbia.assistants.config.AssistantsProperties;
import dev.symbia.assistants.engine.ActionFailure;
import dev.symbia.assistants.engine.Services;
import dev.symbia.core.PlatformHeaders;
import dev.symbia.core.SymbiaService;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code service.call}, {@code integration.invoke} and {@code embedding.route}'s embeddings: calls to the platform's services' public APIs as the
 * assistant's own agent ({@link AssistantAgents}: its token, in the run's org), so each callee checks what an org
 * admin granted the assistant. A {@code service.call} goes out only when the operator's allow-list
 * ({@code symbia.assistants.service-calls}) names its service, method and path; the path is normalised first, so a
 * rendered {@code ..}, an encoded slash or a query smuggled into it is refused rather than matched.
 * {@code integration.invoke} runs integrations' {@code chat.completions} ({@code POST /api/execute}) or a
 * connector operation {@code <connector>.<operation>} ({@code POST /api/connectors/{connector}/{operation}}, with
 * the org's connector credential; the connector checks the agent's {@code cap:integrations.read} or
 * {@code .deploy}). Answers are capped; a refusal or failure is a step error with a safe message.
 */
@Component
class ServiceCalls implements Services {

    private static final Logger log = LoggerFactory.getLogger(ServiceCalls.class);
    private static final int MAX_RESPONSE = 512 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9._~@:+-]+");
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final Pattern CONNECTOR = Pattern.compile("([a-z][a-z0-9-]{0,31})\\.([a-z][a-z0-9._-]{0,63})");

    private final OkHttpClient http;
    private final JsonMapper json;
    private final AssistantAgents agents;
    private final List<AssistantsProperties.ServiceCallRule> allowed;
    private final Environment environment;
    private final AntPathMatcher paths = new AntPathMatcher();

    ServiceCalls(@Qualifier("agentHttpClient") OkHttpClient agentHttpClient, JsonMapper json, AssistantAgents agents,
            AssistantsProperties properties, Environment environment) {
        this.agents = agents;
        this.http = agentHttpClient.newBuilder().callTimeout(properties.serviceCallTimeout())
                .readTimeout(properties.serviceCallTimeout()).build();
        this.json = json;
        this.allowed = properties.serviceCalls();
        this.environment = environment;
    }

    @Override
    public Map<String, Object> call(String orgId, String actingFor, String service, String method, String path,
            Map<String, String> query, Object body) {
        SymbiaService target = SymbiaService.byId(service == null ? "" : service)
                .orElseThrow(() -> new ActionFailure("service.call: there is no service '" + service + "'"));
        String verb = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(verb)) {
            throw new ActionFailure("service.call method must be GET, POST, PUT, PATCH or DELETE");
        }
        String normalised = normalise(path);
        if (allowed.stream().noneMatch(rule -> rule.service().equals(target.id()) && rule.methods().contains(verb)
                && rule.paths().stream().anyMatch(p -> paths.match(p, normalised)))) {
            throw new ActionFailure("service.call " + verb + " " + target.id() + " " + normalised
                    + " is not allowed for assistants (symbia.assistants.service-calls)");
        }
        HttpUrl.Builder url = HttpUrl.get(baseUrl(target)).newBuilder().encodedPath(normalised);
        (query == null ? Map.<String, String>of() : query).forEach(url::addQueryParameter);
        return send(new Request.Builder().url(url.build()), verb, body, orgId, actingFor,
                "service.call " + verb + " " + target.id() + " " + normalised);
    }

    @Override
    public Map<String, Object> invokeIntegration(String orgId, String actingFor, String provider, String operation,
            Map<String, Object> params) {
        String base = baseUrl(SymbiaService.INTEGRATIONS);
        Request.Builder request;
        Object body;
        if ("chat.completions".equals(operation)) {
            Map<String, Object> execute = new LinkedHashMap<>();
            if (provider != null) {
                execute.put("provider", provider);
            }
            execute.put("operation", operation);
            execute.put("stream", false);
            execute.put("params", params == null ? Map.of() : params);
            request = new Request.Builder().url(base + "/api/execute");
            body = execute;
        } else {
            var connector = operation == null ? null : CONNECTOR.matcher(operation);
            if (connector == null || !connector.matches()) {
                throw new ActionFailure("integration.invoke operation must be chat.completions or "
                        + "<connector>.<operation> (e.g. railway.status), not '" + operation + "'");
            }
            request = new Request.Builder().url(base + "/api/connectors/" + connector.group(1) + "/" + connector.group(2));
            body = params == null ? Map.of() : params;
        }
        long started = System.nanoTime();
        Map<String, Object> answer = send(request, "POST", body, orgId, actingFor, "integration.invoke " + operation);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", answer.get("body"));
        out.put("operation", operation);
        out.put("requestId", answer.get("requestId"));
        out.put("integrationDurationMs", (System.nanoTime() - started) / 1_000_000);
        return out;
    }

    @Override
    public List<double[]> embed(String orgId, String actingFor, String model, List<String> inputs, Integer dimensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("input", inputs);
        if (dimensions != null) {
            body.put("dimensions", dimensions);
        }
        Map<String, Object> answer = send(new Request.Builder().url(baseUrl(SymbiaService.INTEGRATIONS) + "/v1/embeddings"),
                "POST", body, orgId, actingFor, "embedding.route " + model);
        if (!(answer.get("body") instanceof Map<?, ?> list) || !(list.get("data") instanceof List<?> data)) {
            throw new ActionFailure("embedding.route: integrations answered without embeddings");
        }
        double[][] vectors = new double[inputs.size()][];
        for (Object item : data) {
            if (item instanceof Map<?, ?> e && e.get("index") instanceof Number index && e.get("embedding") instanceof List<?> values
                    && index.intValue() >= 0 && index.intValue() < vectors.length) {
                double[] vector = new double[values.size()];
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = values.get(i) instanceof Number n ? n.doubleValue() : 0;
                }
                vectors[index.intValue()] = vector;
            }
        }
        for (double[] vector : vectors) {
            if (vector == null) {
                throw new ActionFailure("embedding.route: integrations answered fewer embeddings than asked");
            }
        }
        return List.of(vectors);
    }

    private Map<String, Object> send(Request.Builder request, String verb, Object body, String orgId, String actingFor,
            String what) {
        RequestBody payload = body == null ? ("GET".equals(verb) || "DELETE".equals(verb) ? null
                : RequestBody.create(new byte[0], JSON_TYPE))
                : RequestBody.create(json.writeValueAsString(body), JSON_TYPE);
        if (payload != null && "GET".equals(verb)) {
            throw new ActionFailure(what + ": a GET has no body");
        }
        AssistantAgents.Agent agent;
        try {
            agent = agents.forAssistant(orgId, actingFor.substring(actingFor.indexOf(':') + 1));
        } catch (AssistantAgents.Unavailable e) {
            throw new ActionFailure(what + " was not made: " + actingFor + " has no token (" + e.getMessage() + ")");
        }
        request.method(verb, payload)
                .header("Authorization", "Bearer " + agent.token())
                .header(PlatformHeaders.ORG, orgId)
                .header("Accept", "application/json");
        try (Response response = http.newCall(request.build()).execute()) {
            BufferedSource source = response.body().source();
            if (source.request(MAX_RESPONSE + 1L)) {
                throw new ActionFailure(what + ": the answer is larger than " + MAX_RESPONSE / 1024 + " KiB");
            }
            String text = source.getBuffer().readUtf8();
            Object parsed = parse(text);
            if (!response.isSuccessful()) {
                log.info("{} for {} in {} answered {}", what, actingFor, orgId, response.code());
                String title = parsed instanceof Map<?, ?> problem && problem.get("title") instanceof String t ? t : "error";
                String note = response.code() == 401 || response.code() == 403
                        ? " (the assistant may not do this: an org admin grants its agent capabilities in identity)" : "";
                throw new ActionFailure(what + " answered " + response.code() + ": " + title + note);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", response.code());
            out.put("body", parsed);
            out.put("requestId", response.header("X-Request-Id"));
            return out;
        } catch (IOException e) {
            throw new ActionFailure(what + ": the service could not be reached");
        }
    }

    /** The path as it will be sent, or a refusal: absolute, no dot segments, nothing encoded or smuggled. */
    static String normalise(String path) {
        if (path == null || !path.startsWith("/") || path.length() > 1024) {
            throw new ActionFailure("service.call path must start with /");
        }
        String[] segments = path.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || !SAFE_SEGMENT.matcher(segment).matches()) {
                throw new ActionFailure("service.call path has a segment that is not allowed: '" + segment + "'");
            }
        }
        return path;
    }

    private String baseUrl(SymbiaService service) {
        String url = Optional.ofNullable(environment.getProperty(service.envPrefix() + "_SERVICE_URL"))
                .filter(u -> !u.isBlank()).orElseGet(() -> service.url(System.getenv())).trim();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private Object parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (JacksonException e) {
            return text;
        }
    }
}
