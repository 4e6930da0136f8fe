package dev.symbia.test.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Walks every operation of a running service's OpenAPI document ({@code /docs/openapi.json}) with hostile
 * input — malformed JSON, wrong types, NUL and other control characters, 1 MB strings, deep nesting, bad
 * percent-encoding, invalid ids, wrong content types — as each of the given callers, and checks every
 * answer: no 5xx, every error an {@code application/problem+json} body whose {@code status} matches, and no
 * stack trace, SQL error or secret in any body. Deterministic for a seed (which fields are attacked, with
 * which control character) and bounded by a time budget (what did not run is reported, not hidden).
 */
public final class ApiFuzzer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MEGABYTE = 1 << 20;
    private static final int NESTING = 5_000;
    private static final int FIELDS_PER_OPERATION = 6;
    private static final int MAX_BODY_READ = 2 * MEGABYTE;
    /** Traces of internals that must never reach a caller. */
    private static final Pattern LEAK = Pattern.compile(
            // Bounded repetitions: a body may echo a 5,000-character path, and \\w+ would backtrack over it.
            "\\bat (java|javax|jakarta|org|com|dev|tools|io|sun)\\.[\\w$.]{1,200}\\(|Caused by:|\\b[A-Z]\\w{0,80}(Exception|Error): |"
                    + "org\\.postgresql|PSQLException|SQLState|SQLSTATE|invalid byte sequence|<html|Apache Tomcat",
            Pattern.CASE_INSENSITIVE);

    private final URI base;
    private final long seed;
    private final Duration budget;
    private final Duration requestTimeout;
    private final List<FuzzCaller> callers;
    private final List<String> secrets;
    private final Predicate<Operation> skip;
    private final BiPredicate<Operation, Integer> allowedServerError;
    private final HttpClient http;

    private ApiFuzzer(Builder builder) {
        this.base = builder.base;
        this.seed = builder.seed;
        this.budget = builder.budget;
        this.requestTimeout = builder.requestTimeout;
        this.callers = List.copyOf(builder.callers);
        this.secrets = List.copyOf(builder.secrets);
        this.skip = builder.skip;
        this.allowedServerError = builder.allowedServerError;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static Builder builder(URI base) {
        return new Builder(base);
    }

    /** One operation of the document: its method, path template, parameters and JSON body schema (if any). */
    public record Operation(String method, String path, List<Parameter> parameters, JsonNode bodySchema,
            boolean streams) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public record Parameter(String name, String in, JsonNode schema, boolean required) {
    }

    /** What a run did: requests sent, operations walked, the failures found and whether the budget ran out. */
    public record Report(int operations, int requests, List<String> failures, boolean budgetExhausted,
            Duration elapsed, Map<String, Integer> statuses) {

        public String summary() {
            return operations + " operations, " + requests + " requests in " + elapsed.toMillis() + " ms"
                    + (budgetExhausted ? " (time budget exhausted)" : "") + ", statuses " + statuses
                    + ", " + failures.size() + " failure(s)";
        }
    }

    public Report run() {
        Instant started = Instant.now();
        Instant deadline = started.plus(budget);
        List<Operation> operations = operations(document());
        Random random = new Random(seed);
        Run run = new Run();
        boolean exhausted = false;
        outer:
        for (Operation operation : operations) {
            if (skip.test(operation)) {
                continue;
            }
            run.operations++;
            for (FuzzCaller caller : callers) {
                for (Case c : cases(operation, caller, random, callers.indexOf(caller) > 0 && callers.size() > 2
                        && caller == callers.get(callers.size() - 1))) {
                    if (Instant.now().isAfter(deadline)) {
                        exhausted = true;
                        break outer;
                    }
                    send(operation, caller, c, run);
                }
            }
        }
        if (!run.timing.isEmpty()) {
            System.out.println("[fuzz] milliseconds by case: " + run.timing);
        }
        return new Report(run.operations, run.requests, List.copyOf(run.failures), exhausted,
                Duration.between(started, Instant.now()), run.statuses);
    }

    // ---- the document ----

    private JsonNode document() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/docs/openapi.json"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /docs/openapi.json answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the OpenAPI document", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        JsonNode paths = document.path("paths");
        List<String> names = new ArrayList<>(paths.propertyNames());
        names.sort(null);
        for (String path : names) {
            JsonNode item = paths.get(path);
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                JsonNode op = item.get(method);
                if (op == null) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode p : iterable(item.path("parameters"))) {
                    parameters.add(parameter(document, p));
                }
                for (JsonNode p : iterable(op.path("parameters"))) {
                    parameters.add(parameter(document, p));
                }
                JsonNode body = null;
                JsonNode content = resolve(document, op.path("requestBody")).path("content");
                for (String type : content.propertyNames()) {
                    if (type.contains("json")) {
                        body = resolveSchema(document, content.get(type).path("schema"), 0);
                    }
                }
                if (body == null && !method.equals("get") && !method.equals("delete") && content.isEmpty()
                        && op.has("requestBody")) {
                    body = NODES.objectNode();
                }
                boolean streams = op.path("responses").toString().contains("text/event-stream");
                operations.add(new Operation(method.toUpperCase(Locale.ROOT), path, List.copyOf(parameters), body, streams));
            }
        }
        return operations;
    }

    private static Parameter parameter(JsonNode document, JsonNode node) {
        JsonNode p = resolve(document, node);
        return new Parameter(p.path("name").asString(""), p.path("in").asString(""),
                resolveSchema(document, p.path("schema"), 0), p.path("required").asBoolean(false));
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            current = pointer(document, current.get("$ref").asString(""));
        }
        return current;
    }

    private static JsonNode pointer(JsonNode document, String ref) {
        return ref.startsWith("#") ? document.at(ref.substring(1)) : NODES.objectNode();
    }

    /** The schema with references, allOf and the first of oneOf/anyOf inlined (bounded depth). */
    private static JsonNode resolveSchema(JsonNode document, JsonNode schema, int depth) {
        JsonNode resolved = resolve(document, schema);
        if (depth > 6 || !resolved.isObject()) {
            return resolved;
        }
        ObjectNode out = ((ObjectNode) resolved).deepCopy();
        for (String combiner : List.of("oneOf", "anyOf")) {
            if (out.path(combiner).isArray() && !out.path(combiner).isEmpty()) {
                return resolveSchema(document, out.path(combiner).get(0), depth + 1);
            }
        }
        if (out.path("allOf").isArray()) {
            ObjectNode merged = NODES.objectNode();
            ObjectNode properties = NODES.objectNode();
            for (JsonNode part : iterable(out.path("allOf"))) {
                JsonNode r = resolveSchema(document, part, depth + 1);
                r.path("properties").properties().forEach(e -> properties.set(e.getKey(), e.getValue()));
                if (r.has("type")) {
                    merged.set("type", r.get("type"));
                }
            }
            merged.set("properties", properties);
            return merged;
        }
        if (out.path("properties").isObject()) {
            ObjectNode properties = NODES.objectNode();
            out.path("properties").properties().forEach(e ->
                    properties.set(e.getKey(), resolveSchema(document, e.getValue(), depth + 1)));
            out.set("properties", properties);
        }
        if (out.has("items")) {
            out.set("items", resolveSchema(document, out.get("items"), depth + 1));
        }
        return out;
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(list::add);
        }
        return list;
    }

    // ---- cases ----

    /** One request to make: path and query values, the body (raw), its content type. */
    record Case(String label, Map<String, String> pathValues, Map<String, String> query, String body,
            String contentType) {
    }

    private List<Case> cases(Operation op, FuzzCaller caller, Random random, boolean brief) {
        Map<String, String> path = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        for (Parameter p : op.parameters()) {
            if (p.in().equals("path")) {
                path.put(p.name(), caller.pathValues().getOrDefault(p.name(), sampleScalar(p.schema(), p.name())));
            } else if (p.in().equals("query") && p.required()) {
                query.put(p.name(), sampleScalar(p.schema(), p.name()));
            }
        }
        String validBody = op.bodySchema() == null ? null : JSON.writeValueAsString(sample(op.bodySchema(), 0));
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("plausible", path, query, validBody, validBody == null ? null : "application/json"));
        if (caller.headers().isEmpty()) {
            // Anonymous: one hostile body is enough to see it is refused before it is read.
            if (validBody != null) {
                cases.add(new Case("malformed JSON", path, query, "{\"a\": ", "application/json"));
            }
            return cases;
        }
        // Invalid ids and hostile path values, for every path parameter.
        for (String name : path.keySet()) {
            for (String bad : List.of("not-an-id", "%00", "%ff", "%0a", "a".repeat(5_000), "-1", "..%2f..")) {
                Map<String, String> values = new LinkedHashMap<>(path);
                values.put(name, bad);
                cases.add(new Case("path " + name + "=" + abbreviate(bad), values, query, validBody,
                        validBody == null ? null : "application/json"));
            }
        }
        if (brief) {
            return cases;
        }
        // Query parameters: wrong types, control characters, bad percent-encoding, a long value.
        List<Parameter> queryParams = op.parameters().stream().filter(p -> p.in().equals("query")).toList();
        for (Parameter p : queryParams) {
            for (String bad : List.of("%ff", "%00", "x%01y", wrongScalar(p.schema()), "9".repeat(40), "b".repeat(6_000))) {
                Map<String, String> values = new LinkedHashMap<>(query);
                values.put(p.name(), bad);
                cases.add(new Case("query " + p.name() + "=" + abbreviate(bad), path, values, validBody,
                        validBody == null ? null : "application/json"));
            }
        }
        Map<String, String> stray = new LinkedHashMap<>(query);
        stray.put("%ff", "%ff");
        cases.add(new Case("query with invalid UTF-8", path, stray, validBody, validBody == null ? null : "application/json"));
        if (validBody == null && !op.method().equals("POST") && !op.method().equals("PUT") && !op.method().equals("PATCH")) {
            return cases;
        }
        String body = validBody == null ? "{}" : validBody;
        // Whole-body attacks.
        cases.add(new Case("malformed JSON", path, query, "{\"a\": [1, 2", "application/json"));
        cases.add(new Case("empty body", path, query, "", "application/json"));
        cases.add(new Case("array body", path, query, "[1, 2, 3]", "application/json"));
        cases.add(new Case("string body", path, query, "\"x\"", "application/json"));
        cases.add(new Case("null body", path, query, "null", "application/json"));
        cases.add(new Case("deep array nesting", path, query, "[".repeat(NESTING) + "]".repeat(NESTING), "application/json"));
        cases.add(new Case("deep object nesting", path, query, "{\"a\":".repeat(NESTING) + "1" + "}".repeat(NESTING),
                "application/json"));
        cases.add(new Case("text/plain", path, query, body, "text/plain"));
        cases.add(new Case("application/xml", path, query, "<a>1</a>", "application/xml"));
        cases.add(new Case("no content type", path, query, body, null));
        cases.add(new Case("invalid UTF-8", path, query, "{\"a\":\"\u00ff\"}", "application/json; charset=US-ASCII"));
        cases.add(new Case("unknown field", path, query, withField(body, "fuzzUnknown", NODES.numberNode(1)), "application/json"));
        cases.add(new Case("1 MB unknown field", path, query,
                withField(body, "fuzzPadding", NODES.stringNode("x".repeat(MEGABYTE))), "application/json"));
        // Field attacks: a seeded choice of fields, each with a wrong type, a control character and null.
        if (op.bodySchema() != null && op.bodySchema().path("properties").isObject()) {
            List<String> fields = new ArrayList<>(op.bodySchema().path("properties").propertyNames());
            java.util.Collections.shuffle(fields, random);
            String longField = null;
            for (String field : fields.subList(0, Math.min(FIELDS_PER_OPERATION, fields.size()))) {
                JsonNode schema = op.bodySchema().path("properties").path(field);
                cases.add(new Case("wrong type " + field, path, query, withField(body, field, wrongType(schema)), "application/json"));
                cases.add(new Case("null " + field, path, query, withField(body, field, NODES.nullNode()), "application/json"));
                char control = CONTROL[random.nextInt(CONTROL.length)];
                cases.add(new Case("control U+" + String.format("%04X", (int) control) + " in " + field, path, query,
                        withField(body, field, controlValue(schema, control)), "application/json"));
                cases.add(new Case("NUL in " + field, path, query, withField(body, field, controlValue(schema, '\0')),
                        "application/json"));
                if (longField == null && "string".equals(schema.path("type").asString(""))) {
                    longField = field;
                }
            }
            if (longField != null) {
                cases.add(new Case("1 MB " + longField, path, query,
                        withField(body, longField, NODES.stringNode("y".repeat(MEGABYTE))), "application/json"));
            }
            // A NUL in a field name.
            cases.add(new Case("NUL in a field name", path, query, withField(body, "na\u0000me", NODES.stringNode("x")),
                    "application/json"));
        }
        return cases;
    }

    private static final char[] CONTROL = {'\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f'};

    private static String withField(String body, String field, JsonNode value) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (RuntimeException e) {
            tree = NODES.objectNode();
        }
        ObjectNode object = tree instanceof ObjectNode o ? o : NODES.objectNode();
        object.set(field, value);
        return JSON.writeValueAsString(object);
    }

    private static JsonNode controlValue(JsonNode schema, char control) {
        String text = "fuzz" + control + "value";
        return switch (schema.path("type").asString("")) {
            case "array" -> NODES.arrayNode().add(text);
            case "object" -> NODES.objectNode().put("k" + control, text);
            default -> NODES.stringNode(text);
        };
    }

    private static JsonNode wrongType(JsonNode schema) {
        return switch (schema.path("type").asString("")) {
            case "string" -> NODES.objectNode().put("not", "a string");
            case "integer", "number" -> NODES.stringNode("not a number");
            case "boolean" -> NODES.stringNode("not a boolean");
            case "array" -> NODES.stringNode("not an array");
            case "object" -> NODES.arrayNode().add(1);
            default -> NODES.arrayNode().add(NODES.arrayNode());
        };
    }

    private static String wrongScalar(JsonNode schema) {
        return switch (schema.path("type").asString("")) {
            case "integer", "number" -> "abc";
            case "boolean" -> "maybe";
            default -> "%25%25";
        };
    }

    /** A plausible value for a schema (enough to pass most validation, so the next layer is reached too). */
    static JsonNode sample(JsonNode schema, int depth) {
        if (schema.has("example") && !schema.get("example").isNull()) {
            return schema.get("example");
        }
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            return schema.path("enum").get(0);
        }
        String type = schema.path("type").asString(schema.has("properties") ? "object" : "");
        return switch (type) {
            case "string" -> NODES.stringNode(sampleString(schema, ""));
            case "integer" -> NODES.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
            case "number" -> NODES.numberNode(Math.max(0.5, schema.path("minimum").asDouble(0.5)));
            case "boolean" -> NODES.booleanNode(false);
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth < 4 && schema.has("items")) {
                    array.add(sample(schema.get("items"), depth + 1));
                }
                yield array;
            }
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 4) {
                    schema.path("properties").properties().forEach(e ->
                            object.set(e.getKey(), sample(e.getValue(), depth + 1)));
                }
                yield object;
            }
            default -> NODES.stringNode("x");
        };
    }

    private static String sampleString(JsonNode schema, String name) {
        String format = schema.path("format").asString("");
        String value = switch (format) {
            case "uuid" -> UUID.randomUUID().toString();
            case "email" -> "fuzz-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            case "date-time" -> Instant.now().toString();
            case "date" -> "2026-01-01";
            case "uri", "url" -> "https://example.com/fuzz";
            default -> name.toLowerCase(Locale.ROOT).endsWith("id") ? UUID.randomUUID().toString() : "fuzz value";
        };
        int min = schema.path("minLength").asInt(0);
        if (value.length() < min) {
            value = value + "x".repeat(min - value.length());
        }
        return value;
    }

    private static String sampleScalar(JsonNode schema, String name) {
        JsonNode sample = sample(schema, 0);
        if (sample.isString() && !schema.has("example") && !schema.has("enum")) {
            return sampleString(schema, name);
        }
        return sample.isString() ? sample.asString() : sample.toString();
    }

    private static String abbreviate(String value) {
        return value.length() > 24 ? value.substring(0, 12) + "…(" + value.length() + " chars)" : value;
    }

    // ---- sending and checking ----

    private final class Run {
        int operations;
        int requests;
        final List<String> failures = new ArrayList<>();
        final Map<String, Integer> statuses = new java.util.TreeMap<>();
        final Map<String, Long> timing = new java.util.TreeMap<>();
    }

    private void send(Operation op, FuzzCaller caller, Case c, Run run) {
        String target = target(op.path(), c.pathValues(), c.query());
        String where = op + " [" + caller.name() + ", " + c.label() + "]";
        URI uri;
        try {
            uri = base.resolve(target);
        } catch (IllegalArgumentException e) {
            return; // not expressible as a URI at all: no client can send it either
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout);
        caller.headers().forEach(request::header);
        request.header("Accept", "application/json, application/problem+json, text/event-stream");
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        byte[] body = c.body() == null ? null
                : c.label().equals("invalid UTF-8") ? new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}
                : c.body().getBytes(StandardCharsets.UTF_8);
        request.method(op.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        run.requests++;
        long sent = System.nanoTime();
        try {
            exchange(op, caller, c, run, request, where);
        } finally {
            if (System.getProperty("symbia.fuzz.timing") != null) {
                run.timing.merge(c.label().replaceAll(" .*", ""), (System.nanoTime() - sent) / 1_000_000, Long::sum);
            }
        }
    }

    private void exchange(Operation op, FuzzCaller caller, Case c, Run run, HttpRequest.Builder request, String where) {
        HttpResponse<InputStream> response;
        String text;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream in = response.body()) {
                if (type.startsWith("text/event-stream") && response.statusCode() < 300) {
                    text = ""; // a stream that opened: the request was accepted, nothing more to read here
                } else {
                    text = new String(in.readNBytes(MAX_BODY_READ), StandardCharsets.UTF_8);
                }
            }
        } catch (java.net.http.HttpTimeoutException e) {
            run.failures.add(where + ": no answer within " + requestTimeout.toSeconds() + " s");
            return;
        } catch (IOException e) {
            // A connection the server closed on a request it refused at the protocol level is an answer too,
            // but only for requests no HTTP client should send (the 5,000-character path, say).
            if (!(c.label().contains("chars") || c.label().startsWith("1 MB") || c.label().startsWith("deep"))) {
                run.failures.add(where + ": connection failed (" + e + ")");
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int status = response.statusCode();
        run.statuses.merge(String.valueOf(status), 1, Integer::sum);
        check(op, caller, where, status, response.headers().firstValue("Content-Type").orElse(""), text, run.failures);
    }

    private void check(Operation op, FuzzCaller caller, String where, int status, String type, String body,
            List<String> failures) {
        if (status >= 500 && !allowedServerError.test(op, status)) {
            failures.add(where + ": " + status + " " + abbreviate(body.replace('\n', ' ')));
        }
        if (status >= 400) {
            if (!type.startsWith("application/problem+json")) {
                failures.add(where + ": " + status + " is not problem+json (" + (type.isEmpty() ? "no content type" : type) + ")");
            } else {
                try {
                    JsonNode problem = JSON.readTree(body);
                    if (problem.path("status").asInt(-1) != status) {
                        failures.add(where + ": problem status " + problem.path("status") + " differs from " + status);
                    }
                } catch (RuntimeException e) {
                    failures.add(where + ": problem body is not JSON");
                }
            }
        }
        if (LEAK.matcher(body).find()) {
            failures.add(where + ": body leaks internals: " + abbreviate(body.replace('\n', ' ')));
        }
        for (String secret : secrets) {
            if (!secret.isEmpty() && body.contains(secret)) {
                failures.add(where + ": body contains a secret");
            }
        }
        for (Map.Entry<String, String> header : caller.headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Authorization") && !header.getKey().equalsIgnoreCase("X-Api-Key")) {
                continue;
            }
            String token = header.getValue().startsWith("Bearer ") ? header.getValue().substring(7) : header.getValue();
            if (token.length() >= 16 && body.contains(token)) {
                failures.add(where + ": body echoes the caller's credential");
            }
        }
    }

    private static String target(String template, Map<String, String> pathValues, Map<String, String> query) {
        StringBuilder path = new StringBuilder();
        java.util.regex.Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        int last = 0;
        while (m.find()) {
            path.append(template, last, m.start());
            String value = pathValues.getOrDefault(m.group(1), UUID.randomUUID().toString());
            // Hostile values are sent as written (their escapes are the attack); plain ones are encoded.
            path.append(value.contains("%") ? value : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            last = m.end();
        }
        path.append(template.substring(last));
        if (!query.isEmpty()) {
            StringBuilder q = new StringBuilder();
            for (Iterator<Map.Entry<String, String>> it = query.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, String> e = it.next();
                q.append(encodeQuery(e.getKey())).append('=').append(encodeQuery(e.getValue()));
                if (it.hasNext()) {
                    q.append('&');
                }
            }
            path.append('?').append(q);
        }
        return path.toString();
    }

    private static String encodeQuery(String value) {
        return value.contains("%") ? value : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static final class Builder {

        private final URI base;
        private long seed = 20;
        private Duration budget = Duration.ofSeconds(90);
        private Duration requestTimeout = Duration.ofSeconds(20);
        private final List<FuzzCaller> callers = new ArrayList<>();
        private final List<String> secrets = new ArrayList<>();
        private Predicate<Operation> skip = op -> false;
        private BiPredicate<Operation, Integer> allowedServerError = (op, status) -> false;

        private Builder(URI base) {
            this.base = base;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder budget(Duration budget) {
            this.budget = budget;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Callers in order: the first is usually anonymous, then the proper user (every case), then a user of
         * another org — the last of three or more gets the plausible request and the bad ids only.
         */
        public Builder caller(FuzzCaller caller) {
            callers.add(caller);
            return this;
        }

        /** Values that must never appear in a response body (keys, passwords, tokens of other callers). */
        public Builder secret(String secret) {
            secrets.add(secret);
            return this;
        }

        public Builder skip(Predicate<Operation> skip) {
            this.skip = skip;
            return this;
        }

        /** A 5xx that is the honest answer for an operation in the test setup (an upstream that is down). */
        public Builder allowServerError(BiPredicate<Operation, Integer> allowed) {
            this.allowedServerError = allowed;
            return this;
        }

        public ApiFuzzer build() {
            return new ApiFuzzer(this);
        }
    }
}
