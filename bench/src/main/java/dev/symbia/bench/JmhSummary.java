package dev.symbia.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a JMH JSON result ({@code -rf json -rff results.json}) into a markdown table where every
 * score is also given as a ratio to its baseline: the {@code baseline_*} method of the same class
 * with the same parameters, measured in the same run. Convention: each benchmark class has exactly
 * one {@code baseline_*} method.
 *
 * <p>Ratios are taken between the <em>medians</em> of the measurement iterations, not JMH's means:
 * on a shared machine other work only ever slows an iteration down, and a burst of it can dominate
 * a mean of five iterations. The JMH mean and its 99.9% error are shown beside it, so a noisy
 * benchmark is visible as such.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.symbia.bench.JmhSummary results.json [out.md]</pre>
 */
public final class JmhSummary {

    private JmhSummary() {
    }

    record Row(String clazz, String method, Map<String, String> params, double score, double error, double median,
            String unit) {

        String paramText() {
            if (params.isEmpty()) {
                return "";
            }
            StringBuilder out = new StringBuilder();
            params.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k).append('=').append(v));
            return out.toString();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: JmhSummary <jmh-result.json> [out.md]");
            System.exit(2);
        }
        JsonNode results = JsonMapper.builder().build().readTree(Files.readString(Path.of(args[0])));
        List<Row> rows = new ArrayList<>();
        for (JsonNode result : results) {
            String full = result.path("benchmark").asString();
            int dot = full.lastIndexOf('.');
            Map<String, String> params = new TreeMap<>();
            result.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asString()));
            JsonNode metric = result.path("primaryMetric");
            List<Double> iterations = new ArrayList<>();
            metric.path("rawData").forEach(fork -> fork.forEach(value -> iterations.add(value.asDouble())));
            rows.add(new Row(full.substring(0, dot), full.substring(dot + 1), params, metric.path("score").asDouble(),
                    metric.path("scoreError").asDouble(Double.NaN), median(iterations, metric.path("score").asDouble()),
                    metric.path("scoreUnit").asString()));
        }
        Map<String, Row> baselines = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.method().startsWith("baseline_")) {
                baselines.put(row.clazz() + "|" + row.params(), row);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | params | median | JMH mean ± error (99.9%) | unit | baseline | ratio to baseline (medians) |\n");
        out.append("|---|---|---:|---:|---|---|---:|\n");
        for (Row row : rows) {
            Row baseline = baselines.get(row.clazz() + "|" + row.params());
            String shortClass = row.clazz().substring(row.clazz().lastIndexOf('.') + 1);
            out.append("| ").append(shortClass).append('.').append(row.method())
                    .append(" | ").append(row.paramText())
                    .append(" | ").append(number(row.median()))
                    .append(" | ").append(number(row.score())).append(" ± ")
                    .append(Double.isNaN(row.error()) ? "–" : number(row.error()))
                    .append(" | ").append(row.unit())
                    .append(" | ").append(baseline == null ? "–" : baseline.method())
                    .append(" | ").append(baseline == null || row == baseline ? "1 (baseline)"
                            : String.format(Locale.ROOT, "%s×", number(row.median() / baseline.median())))
                    .append(" |\n");
        }
        System.out.print(out);
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), out.toString());
        }
    }

    private static double median(List<Double> values, double fallback) {
        if (values.isEmpty()) {
            return fallback;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String number(double value) {
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
