package dev.symbia.runtime.component;

import static dev.symbia.runtime.component.Values.NODES;
import static dev.symbia.runtime.component.Values.field;
import static dev.symbia.runtime.component.Values.number;
import static dev.symbia.runtime.component.Values.numberNode;
import static dev.symbia.runtime.component.Values.object;
import static dev.symbia.runtime.component.Values.string;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in components: the reference's 16 with their exact defaults and edge cases (§2.6), plus the documented
 * but never built {@code merge}, {@code split} and {@code accumulator}.
 */
final class Builtins {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");
    private static final List<String> IN = List.of("in");
    private static final Pattern CATALOG_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/@-]{0,255}");

    private Builtins() {
    }

    record Builtin(ComponentSpec spec, Handler handler) implements Component {
        @Override
        public List<Emit> handle(FlowValue input, NodeContext context) throws Exception {
            return handler.handle(input, context);
        }
    }

    @FunctionalInterface
    interface Handler {
        List<Emit> handle(FlowValue input, NodeContext context) throws Exception;
    }

    static List<Component> all(OkHttpClient http, boolean allowPrivate, SinkWriter sink) {
        return all(http, allowPrivate, sink, null);
    }

    /** {@code catalogBase} null: no {@code symbia.catalog.read} (unit tests of the others). */
    static List<Component> all(OkHttpClient http, boolean allowPrivate, SinkWriter sink, String catalogBase) {
        List<Component> all = new ArrayList<>();
        if (catalogBase != null) {
            // the operator-configured catalog (often on a private address), not a user-supplied URL: not SSRF-guarded
            OkHttpClient catalog = new OkHttpClient.Builder().callTimeout(java.time.Duration.ofSeconds(10)).build();
            all.add(new Builtin(spec("symbia.catalog.read", "Catalog read",
                    "Reads a public catalog resource's published version (key from config or from the input's keyField).",
                    List.of(Port.inherit("out"), Port.apocryphal("error")), false, true,
                    "{\"key\":{\"type\":\"string\",\"description\":\"Catalog key, e.g. components/symbia.io.log.\"},"
                            + "\"keyField\":{\"type\":\"string\",\"default\":\"key\",\"description\":\"Input field holding the key when config.key is absent.\"},"
                            + "\"version\":{\"type\":\"string\",\"default\":\"latest\",\"description\":\"Version number or semver range.\"}}"),
                    (in, ctx) -> catalogRead(catalog, catalogBase, in, ctx)));
        }
        all.add(simple("symbia.io.passthrough", "Passthrough", "Emits its input unchanged.", "{}", Builtins::pass));
        all.add(simple("symbia.io.collect", "Collect", "Terminal by convention; emits its input unchanged.", "{}", Builtins::pass));
        all.add(simple("symbia.io.log", "Log", "Adds a trace line with a preview of the value; passes it through.", "{}",
                (in, ctx) -> {
                    ctx.log("[" + ctx.nodeId() + "] " + Values.preview(in.value(), 200));
                    return pass(in, ctx);
                }));
        all.add(new Builtin(spec("symbia.io.delay", "Delay", "Waits min(ms, 5000) ms, then passes the input through.",
                List.of(Port.inherit("out")), false, true,
                "{\"ms\":{\"type\":\"number\",\"default\":100,\"description\":\"Delay in milliseconds (max 5000).\"}}"),
                Builtins::delay));
        all.add(new Builtin(spec("symbia.io.http-request", "HTTP request",
                "Calls config.url (SSRF-guarded); emits {status, body}. Every output is apocryphal.",
                List.of(Port.inherit("out"), Port.apocryphal("error")), true, true,
                "{\"url\":{\"type\":\"string\",\"required\":true,\"description\":\"URL to call (SSRF-guarded).\"},"
                        + "\"method\":{\"type\":\"string\",\"default\":\"GET\",\"description\":\"HTTP method.\"}}"),
                (in, ctx) -> http(http, allowPrivate, ctx)));
        all.add(new Builtin(spec("symbia.transform.map", "Map", "Builds an object of mapped fields; an empty mapping passes through.",
                List.of(Port.inherit("out"), Port.apocryphal("error")), false, false,
                "{\"mapping\":{\"type\":\"object\",\"description\":\"newKey to sourceKey; empty passes through.\"}}"),
                Builtins::map));
        all.add(new Builtin(spec("symbia.logic.filter", "Filter", "Routes the input to pass or fail by a field test.",
                List.of(Port.inherit("pass"), Port.inherit("fail")), false, false,
                "{\"field\":{\"type\":\"string\",\"description\":\"Field to test; the whole value when absent.\"},"
                        + "\"op\":{\"type\":\"string\",\"default\":\"exists\",\"description\":\"exists, eq, neq, gt, lt, contains; others act as exists.\"},"
                        + "\"value\":{\"description\":\"Value compared against.\"}}"),
                Builtins::filter));
        all.add(new Builtin(new ComponentSpec("symbia.logic.switch", "Switch",
                "Emits on the port named by value[field] when config.ports allows it, else on default.", IN,
                List.of(Port.inherit("default")), false, false, "ports", false, config(
                "{\"field\":{\"type\":\"string\",\"default\":\"type\",\"description\":\"Field holding the port name.\"},"
                        + "\"ports\":{\"type\":\"array\",\"default\":[],\"description\":\"Allowed port names.\"}}")),
                Builtins::switchOn));
        all.add(new Builtin(spec("symbia.compute.arithmetic", "Arithmetic",
                "Evaluates + - * / ( ) over {field} placeholders without a script engine; canonical result, apocryphal errors.",
                List.of(new Port("out", "canonical"), Port.apocryphal("error")), false, false,
                "{\"expression\":{\"type\":\"string\",\"required\":true,\"description\":\"Arithmetic over {field} placeholders.\"}}"),
                Builtins::arithmetic));
        all.add(simple("symbia.source.timer", "Timer", "The executor ticks it every max(100, intervalMs) ms while running.",
                "{\"intervalMs\":{\"type\":\"number\",\"default\":5000,\"description\":\"Tick interval in ms (min 100).\"},"
                        + "\"payload\":{\"type\":\"object\",\"description\":\"Merged into each tick.\"}}", Builtins::pass));
        all.add(new Builtin(spec("symbia.state.latest", "Latest", "Keeps the last message per key; emits it and a snapshot.",
                List.of(Port.inherit("out"), Port.inherit("snapshot")), false, false,
                "{\"keyField\":{\"type\":\"string\",\"default\":\"key\",\"description\":\"Field holding the key.\"}}"),
                Builtins::latest));
        all.add(new Builtin(spec("symbia.state.join", "Join", "Joins values by key; pending (apocryphal) until every field is set.",
                List.of(Port.inherit("out"), Port.apocryphal("pending")), false, false,
                "{\"select\":{\"type\":\"object\",\"required\":true,\"description\":\"outField to key value.\"},"
                        + "\"keyField\":{\"type\":\"string\",\"default\":\"key\",\"description\":\"Key field.\"},"
                        + "\"valueField\":{\"type\":\"string\",\"default\":\"value\",\"description\":\"Value field.\"}}"),
                Builtins::join));
        all.add(new Builtin(spec("symbia.state.window", "Window", "Count, sum, mean, min, max and last over the last size values.",
                List.of(Port.inherit("out"), Port.apocryphal("error")), false, false,
                "{\"field\":{\"type\":\"string\",\"default\":\"value\",\"description\":\"Numeric field.\"},"
                        + "\"size\":{\"type\":\"number\",\"default\":60,\"description\":\"Window size (min 1).\"}}"),
                Builtins::window));
        all.add(new Builtin(spec("symbia.state.rollup", "Rollup", "Aggregates the expected keys; apocryphal while any is missing.",
                List.of(Port.inherit("out")), false, false,
                "{\"expected\":{\"type\":\"array\",\"required\":true,\"description\":\"Expected keys.\"},"
                        + "\"op\":{\"type\":\"string\",\"default\":\"sum\",\"enum\":[\"sum\",\"mean\",\"min\",\"max\"],\"description\":\"Aggregate.\"},"
                        + "\"keyField\":{\"type\":\"string\",\"default\":\"key\",\"description\":\"Key field.\"},"
                        + "\"valueField\":{\"type\":\"string\",\"default\":\"value\",\"description\":\"Value field.\"}}"),
                Builtins::rollup));
        all.add(new Builtin(spec("symbia.sink.metric", "Metric sink", "Writes value (a dotted path) as a metric point; passes through.",
                List.of(Port.inherit("out"), Port.apocryphal("error")), false, false,
                "{\"name\":{\"type\":\"string\",\"required\":true,\"description\":\"Metric name.\"},"
                        + "\"valueField\":{\"type\":\"string\",\"default\":\"value\",\"description\":\"Dotted path of the value.\"},"
                        + "\"labels\":{\"type\":\"object\",\"description\":\"Labels.\"}}"),
                (in, ctx) -> metric(sink, in, ctx)));
        all.add(new Builtin(spec("symbia.sink.log", "Log sink", "Writes a log line with a preview of the value; passes through.",
                List.of(Port.inherit("out"), Port.apocryphal("error")), false, false,
                "{\"level\":{\"type\":\"string\",\"default\":\"info\",\"enum\":[\"debug\",\"info\",\"warn\",\"error\"],\"description\":\"Log level.\"},"
                        + "\"message\":{\"type\":\"string\",\"description\":\"Prefix.\"}}"),
                (in, ctx) -> log(sink, in, ctx)));
        all.add(new Builtin(new ComponentSpec("symbia.io.merge", "Merge",
                "Accepts any input port and emits each message on out as it arrives.", IN, List.of(Port.inherit("out")),
                false, true, null, false, config("{}")), Builtins::pass));
        all.add(new Builtin(spec("symbia.io.split", "Split", "Emits each element of an array input on out, in order.",
                List.of(Port.inherit("out"), Port.apocryphal("error")), false, false, "{}"), Builtins::split));
        all.add(new Builtin(spec("symbia.state.accumulator", "Accumulator", "Collects batchSize values, then emits them as an array.",
                List.of(Port.inherit("out")), false, false,
                "{\"batchSize\":{\"type\":\"number\",\"default\":10,\"description\":\"Values per batch (min 1).\"}}"),
                Builtins::accumulate));
        return all;
    }

    // ---- handlers --------------------------------------------------------------------------------------------

    private static List<Emit> pass(FlowValue in, NodeContext ctx) {
        return List.of(new Emit("out", FlowValue.inherit(in.value())));
    }

    private static List<Emit> delay(FlowValue in, NodeContext ctx) throws InterruptedException {
        JsonNode ms = field(ctx.config(), "ms");
        double wait = ms == null ? 100 : number(ms);
        long millis = Double.isNaN(wait) ? 0 : (long) Math.max(0, Math.min(wait, 5000));
        Thread.sleep(millis);
        return pass(in, ctx);
    }

    private static List<Emit> http(OkHttpClient http, boolean allowPrivate, NodeContext ctx) {
        JsonNode url = field(ctx.config(), "url");
        if (url == null || !url.isString() || url.stringValue().isBlank()) {
            return error("http-request needs config.url");
        }
        String method = field(ctx.config(), "method") == null ? "GET"
                : string(field(ctx.config(), "method")).toUpperCase(Locale.ROOT);
        Request request;
        try {
            String target = url.stringValue();
            if (!target.startsWith("http://") && !target.startsWith("https://")) {
                return error("http-request only calls http and https URLs");
            }
            boolean bodyAllowed = !method.equals("GET") && !method.equals("HEAD");
            okhttp3.HttpUrl parsed = okhttp3.HttpUrl.get(target);
            if (HttpGuard.privateLiteral(allowPrivate, parsed.host())) {
                return error("http-request refused: " + parsed.host() + " is a private or loopback address");
            }
            request = new Request.Builder().url(parsed).method(method, bodyAllowed ? RequestBody.create(new byte[0]) : null).build();
        } catch (IllegalArgumentException e) {
            return error("http-request: " + e.getMessage());
        }
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            JsonNode body;
            try {
                body = Values.json().readTree(text);
                if (body == null || body.isMissingNode()) {
                    body = NODES.stringNode(text);
                }
            } catch (JacksonException notJson) {
                body = NODES.stringNode(text);
            }
            ObjectNode out = object();
            out.put("status", response.code());
            out.set("body", body);
            return List.of(new Emit("out", FlowValue.inherit(out)));
        } catch (IOException e) {
            return error("http-request failed: " + e.getMessage());
        }
    }

    // Anonymous on purpose: a graph reads only what the catalog shows everyone, never its owner's private resources.
    private static List<Emit> catalogRead(OkHttpClient http, String base, FlowValue in, NodeContext ctx) {
        JsonNode configured = field(ctx.config(), "key");
        String keyField = field(ctx.config(), "keyField") == null ? "key" : string(field(ctx.config(), "keyField"));
        JsonNode key = configured != null ? configured : field(in.value(), keyField);
        if (key == null || string(key).isBlank()) {
            return error("catalog.read needs config.key or a '" + keyField + "' field");
        }
        if (!CATALOG_KEY.matcher(string(key)).matches() || string(key).contains("..")) {
            return error("catalog.read: '" + string(key) + "' is not a catalog key");
        }
        String version = field(ctx.config(), "version") == null ? "latest" : string(field(ctx.config(), "version"));
        okhttp3.HttpUrl url = okhttp3.HttpUrl.get(base + "/api/resolve").newBuilder()
                .addPathSegments(string(key)).addQueryParameter("version", version).build();
        try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (response.code() != 200) {
                return error("catalog.read: '" + string(key) + "' " + (response.code() == 404 ? "not found" : "answered " + response.code()));
            }
            JsonNode row = Values.json().readTree(response.body().string());
            ObjectNode out = object();
            out.put("key", string(key));
            out.set("version", row.path("version"));
            out.set("content", row.path("content"));
            return List.of(new Emit("out", FlowValue.inherit(out)));
        } catch (IOException | JacksonException e) {
            return error("catalog.read failed: " + e.getMessage());
        }
    }

    private static List<Emit> map(FlowValue in, NodeContext ctx) {
        if (!in.value().isObject()) {
            return error("map expects an object");
        }
        JsonNode mapping = field(ctx.config(), "mapping");
        if (mapping == null || !mapping.isObject() || mapping.isEmpty()) {
            return pass(in, ctx);
        }
        ObjectNode out = object();
        for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
            JsonNode source = in.value().get(string(entry.getValue()));
            if (source != null && !source.isMissingNode()) {
                out.set(entry.getKey(), source);
            }
        }
        return List.of(new Emit("out", FlowValue.inherit(out)));
    }

    private static List<Emit> filter(FlowValue in, NodeContext ctx) {
        JsonNode fieldName = field(ctx.config(), "field");
        JsonNode actual = fieldName == null ? in.value() : in.value().isObject() ? in.value().get(string(fieldName)) : null;
        if (actual != null && actual.isMissingNode()) {
            actual = null;
        }
        JsonNode expected = ctx.config().get("value");
        String op = field(ctx.config(), "op") == null ? "exists" : string(field(ctx.config(), "op"));
        boolean pass = switch (op) {
            case "eq" -> Values.strictEquals(actual, expected);
            case "neq" -> !Values.strictEquals(actual, expected);
            case "gt" -> number(actual) > number(expected);
            case "lt" -> number(actual) < number(expected);
            case "contains" -> actual != null && actual.isString() && expected != null
                    && actual.stringValue().contains(string(expected));
            default -> actual != null && !actual.isNull();
        };
        return List.of(new Emit(pass ? "pass" : "fail", FlowValue.inherit(in.value())));
    }

    private static List<Emit> switchOn(FlowValue in, NodeContext ctx) {
        JsonNode fieldName = field(ctx.config(), "field");
        JsonNode selected = field(in.value(), fieldName == null ? "type" : string(fieldName));
        String key = selected == null ? "" : string(selected);
        JsonNode ports = field(ctx.config(), "ports");
        boolean allowed = false;
        if (ports != null && ports.isArray()) {
            for (JsonNode port : ports) {
                allowed |= string(port).equals(key);
            }
        }
        return List.of(new Emit(allowed ? key : "default", FlowValue.inherit(in.value())));
    }

    static List<Emit> arithmetic(FlowValue in, NodeContext ctx) {
        String expression = string(field(ctx.config(), "expression"));
        Matcher matcher = PLACEHOLDER.matcher(expression);
        Set<String> missing = new LinkedHashSet<>();
        Set<String> present = new LinkedHashSet<>();
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            JsonNode v = field(in.value(), name);
            if (v == null) {
                missing.add(name);
                matcher.appendReplacement(filled, "");
            } else {
                present.add(name);
                matcher.appendReplacement(filled, Matcher.quoteReplacement(Values.numberText(number(v))));
            }
        }
        matcher.appendTail(filled);
        if (!missing.isEmpty()) {
            ObjectNode error = object();
            error.put("error", "expression refused: inputs absent");
            error.set("missing", strings(missing));
            error.set("present", strings(present));
            error.put("expression", expression);
            return List.of(new Emit("error", FlowValue.apocryphal(error)));
        }
        double result;
        try {
            result = Arithmetic.evaluate(filled.toString());
        } catch (IllegalArgumentException e) {
            return errorWith("expression refused: " + e.getMessage(), filled.toString());
        }
        if (!Double.isFinite(result)) {
            return errorWith("expression result is not finite", filled.toString());
        }
        ObjectNode out = object();
        out.set("result", numberNode(result));
        out.put("method", "arithmetic");
        out.put("expression", filled.toString());
        out.put("exact", true);
        return List.of(new Emit("out", new FlowValue(out, Lane.CANONICAL)));
    }

    private static List<Emit> latest(FlowValue in, NodeContext ctx) {
        JsonNode keyField = field(ctx.config(), "keyField");
        JsonNode key = field(in.value(), keyField == null ? "key" : string(keyField));
        if (key != null) {
            ctx.state().put(string(key), in.value());
        }
        ObjectNode snapshot = object();
        ctx.state().all().forEach(snapshot::set);
        return List.of(new Emit("out", FlowValue.inherit(in.value())), new Emit("snapshot", FlowValue.inherit(snapshot)));
    }

    private static List<Emit> join(FlowValue in, NodeContext ctx) {
        JsonNode select = field(ctx.config(), "select");
        if (select == null || !select.isObject()) {
            return error("join needs config.select");
        }
        String keyField = field(ctx.config(), "keyField") == null ? "key" : string(field(ctx.config(), "keyField"));
        String valueField = field(ctx.config(), "valueField") == null ? "value" : string(field(ctx.config(), "valueField"));
        JsonNode key = field(in.value(), keyField);
        boolean matched = false;
        if (key != null) {
            for (Map.Entry<String, JsonNode> entry : select.properties()) {
                if (string(entry.getValue()).equals(string(key))) {
                    JsonNode stored = in.value().get(valueField);
                    ctx.state().put(entry.getKey(), stored == null || stored.isMissingNode() ? NODES.nullNode() : stored);
                    matched = true;
                }
            }
        }
        ObjectNode out = object();
        ArrayNode have = NODES.arrayNode();
        ArrayNode need = NODES.arrayNode();
        for (Map.Entry<String, JsonNode> entry : select.properties()) {
            JsonNode stored = ctx.state().get(entry.getKey());
            if (stored == null) {
                need.add(entry.getKey());
            } else {
                have.add(entry.getKey());
                out.set(entry.getKey(), stored);
            }
        }
        if (!need.isEmpty()) {
            ObjectNode pending = object();
            pending.set("have", have);
            pending.set("need", need);
            return List.of(new Emit("pending", FlowValue.apocryphal(pending)));
        }
        return matched ? List.of(new Emit("out", FlowValue.inherit(out))) : List.of();
    }

    private static List<Emit> window(FlowValue in, NodeContext ctx) {
        String fieldName = field(ctx.config(), "field") == null ? "value" : string(field(ctx.config(), "field"));
        JsonNode raw = field(in.value(), fieldName);
        double v = raw == null ? Double.NaN : number(raw);
        if (!Double.isFinite(v)) {
            ObjectNode error = object();
            error.put("error", "window expects a finite number in '" + fieldName + "'");
            error.set("got", raw == null ? NODES.nullNode() : raw);
            return List.of(new Emit("error", FlowValue.apocryphal(error)));
        }
        JsonNode sizeNode = field(ctx.config(), "size");
        double sizeValue = sizeNode == null ? 60 : number(sizeNode);
        int size = (int) Math.max(1, Double.isNaN(sizeValue) ? 60 : Math.min(sizeValue, 1_000_000));
        List<Double> values = new ArrayList<>();
        JsonNode stored = ctx.state().get("values");
        if (stored != null && stored.isArray()) {
            stored.forEach(n -> values.add(n.doubleValue()));
        }
        values.add(v);
        while (values.size() > size) {
            values.removeFirst();
        }
        ArrayNode kept = NODES.arrayNode();
        values.forEach(d -> kept.add(numberNode(d)));
        ctx.state().put("values", kept);
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double d : values) {
            sum += d;
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        ObjectNode out = object();
        out.put("count", values.size());
        out.set("sum", numberNode(sum));
        out.set("mean", numberNode(sum / values.size()));
        out.set("min", numberNode(min));
        out.set("max", numberNode(max));
        out.set("last", numberNode(v));
        return List.of(new Emit("out", FlowValue.inherit(out)));
    }

    private static List<Emit> rollup(FlowValue in, NodeContext ctx) {
        JsonNode expectedNode = field(ctx.config(), "expected");
        List<String> expected = new ArrayList<>();
        if (expectedNode != null && expectedNode.isArray()) {
            expectedNode.forEach(n -> expected.add(string(n)));
        }
        String op = field(ctx.config(), "op") == null ? "sum" : string(field(ctx.config(), "op"));
        String keyField = field(ctx.config(), "keyField") == null ? "key" : string(field(ctx.config(), "keyField"));
        String valueField = field(ctx.config(), "valueField") == null ? "value" : string(field(ctx.config(), "valueField"));
        JsonNode key = field(in.value(), keyField);
        if (key != null && expected.contains(string(key))) {
            double v = number(field(in.value(), valueField));
            if (Double.isFinite(v)) {
                ctx.state().put(string(key), numberNode(v));
            }
        }
        List<Double> present = new ArrayList<>();
        ArrayNode missing = NODES.arrayNode();
        for (String k : expected) {
            JsonNode v = ctx.state().get(k);
            if (v == null) {
                missing.add(k);
            } else {
                present.add(v.doubleValue());
            }
        }
        ObjectNode out = object();
        if (present.isEmpty()) {
            out.putNull("value");
        } else {
            double value = switch (op) {
                case "mean" -> present.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                case "min" -> present.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                case "max" -> present.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                default -> present.stream().mapToDouble(Double::doubleValue).sum();
            };
            out.set("value", numberNode(value));
        }
        out.put("op", op);
        out.set("coverage", numberNode(expected.isEmpty() ? 1 : (double) present.size() / expected.size()));
        out.put("present", present.size());
        out.set("missing", missing);
        return List.of(new Emit("out", missing.isEmpty() ? FlowValue.inherit(out) : FlowValue.apocryphal(out)));
    }

    private static List<Emit> metric(SinkWriter sink, FlowValue in, NodeContext ctx) {
        JsonNode name = field(ctx.config(), "name");
        if (name == null) {
            return error("metric sink needs config.name");
        }
        String valueField = field(ctx.config(), "valueField") == null ? "value" : string(field(ctx.config(), "valueField"));
        JsonNode raw = Values.path(in.value(), valueField);
        double v = raw == null ? Double.NaN : number(raw);
        if (!Double.isFinite(v)) {
            return error("metric value at '" + valueField + "' is not a finite number");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode configured = field(ctx.config(), "labels");
        if (configured != null && configured.isObject()) {
            configured.properties().forEach(e -> labels.put(e.getKey(), string(e.getValue())));
        }
        if (!sink.metric(string(name), v, labels, ctx.orgId())) {
            return error("metric writer unhealthy");
        }
        return pass(in, ctx);
    }

    private static List<Emit> log(SinkWriter sink, FlowValue in, NodeContext ctx) {
        String level = field(ctx.config(), "level") == null ? "info" : string(field(ctx.config(), "level"));
        JsonNode prefix = field(ctx.config(), "message");
        String message = (prefix == null ? "" : string(prefix) + " ") + Values.preview(in.value(), 500);
        boolean written;
        try {
            written = sink.log(level, message, Map.of("node", ctx.nodeId(), "lane", in.lane().wire()));
        } catch (RuntimeException e) {
            written = false;
        }
        return written ? pass(in, ctx) : error("log write failed");
    }

    private static List<Emit> split(FlowValue in, NodeContext ctx) {
        if (!in.value().isArray()) {
            return error("split expects an array");
        }
        List<Emit> out = new ArrayList<>();
        in.value().forEach(element -> out.add(new Emit("out", FlowValue.inherit(element))));
        return out;
    }

    private static List<Emit> accumulate(FlowValue in, NodeContext ctx) {
        JsonNode configured = field(ctx.config(), "batchSize");
        double size = configured == null ? 10 : number(configured);
        int batch = (int) Math.max(1, Double.isNaN(size) ? 10 : Math.min(size, 100_000));
        ArrayNode buffer = NODES.arrayNode();
        JsonNode stored = ctx.state().get("buffer");
        if (stored != null && stored.isArray()) {
            buffer.addAll((ArrayNode) stored);
        }
        buffer.add(in.value());
        if (buffer.size() >= batch) {
            ctx.state().put("buffer", NODES.arrayNode());
            return List.of(new Emit("out", FlowValue.inherit(buffer)));
        }
        ctx.state().put("buffer", buffer);
        return List.of();
    }

    /** A timer tick's payload: {@code {tick, ts, ...config.payload}}. */
    static ObjectNode tick(long n, Instant at, JsonNode config) {
        ObjectNode tick = object();
        tick.put("tick", n);
        tick.put("ts", at.toString());
        JsonNode payload = field(config, "payload");
        if (payload != null && payload.isObject()) {
            payload.properties().forEach(e -> tick.set(e.getKey(), e.getValue()));
        }
        return tick;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static List<Emit> error(String message) {
        ObjectNode error = object();
        error.put("error", message);
        return List.of(new Emit("error", FlowValue.apocryphal(error)));
    }

    private static List<Emit> errorWith(String message, String expression) {
        ObjectNode error = object();
        error.put("error", message);
        error.put("expression", expression);
        return List.of(new Emit("error", FlowValue.apocryphal(error)));
    }

    private static ArrayNode strings(Set<String> values) {
        ArrayNode out = NODES.arrayNode();
        values.forEach(out::add);
        return out;
    }

    private static Builtin simple(String id, String name, String description, String config, Handler handler) {
        return new Builtin(spec(id, name, description, List.of(Port.inherit("out")), false, false, config), handler);
    }

    private static ComponentSpec spec(String id, String name, String description, List<Port> outputs,
                                      boolean apocryphal, boolean blocking, String config) {
        return new ComponentSpec(id, name, description, IN, outputs, apocryphal, false, null, blocking, config(config));
    }

    private static ObjectNode config(String json) {
        return (ObjectNode) Values.json().readTree(json);
    }
}
