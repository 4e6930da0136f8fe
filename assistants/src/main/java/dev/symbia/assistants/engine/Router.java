package dev.symbia.assistants.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deterministic router of {@code assistants.route} (reference §3.5): tier 0 an {@code @key|@alias} anywhere
 * at a word boundary; tier 1 the assistants' declared {@code routing.patterns} (case-insensitive regexes; the
 * highest {@code precedence}, then the key, wins); tier 2 a multinomial naive Bayes over word unigrams and
 * character trigrams (lowercased, digits → 0, Laplace smoothing) trained on {@code routing.examples} against a
 * {@code __none__} class, accepted at softmax confidence ≥ 0.75 with a margin ≥ 0.30; else a decline.
 */
public final class Router {

    public static final double MIN_CONFIDENCE = 0.75;
    public static final double MIN_MARGIN = 0.30;
    static final String NONE = "__none__";
    /** Messages that belong to no specialist (the reference's built-in negatives). */
    static final List<String> NEGATIVES = List.of("hello", "hi there", "thanks", "thank you", "good morning",
            "how are you", "who are you", "what can you do", "help", "bye", "goodbye", "ok", "cool", "nice",
            "tell me a joke", "what's the weather", "what is your name", "are you a bot", "good night",
            "never mind", "sorry", "yes", "no", "maybe later", "see you", "great job");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Model> MODELS = new ConcurrentHashMap<>();

    private Router() {
    }

    /** The routing decision. {@code method}: addressed | declaration | classifier. */
    public record Route(String assistant, String alias, String matchedPattern, int precedence, boolean tieBroken,
            String method, Double confidence) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("assistant", assistant);
            m.put("alias", alias);
            m.put("matchedPattern", matchedPattern);
            m.put("precedence", precedence);
            m.put("tieBroken", tieBroken);
            m.put("method", method);
            if (confidence != null) {
                m.put("confidence", confidence);
            }
            return m;
        }
    }

    /** Routes {@code text} over the roster ({@code key, alias, routing}); throws a DECLINED failure when no tier decides. */
    public static Route route(String text, List<Map<String, Object>> roster) {
        String input = MathEvaluator.stripFiller(text == null ? "" : text);
        for (Map<String, Object> a : roster) {
            for (String name : names(a)) {
                if (Pattern.compile("(^|\\W)@" + Pattern.quote(name) + "\\b", Pattern.CASE_INSENSITIVE).matcher(input).find()) {
                    return new Route(key(a), alias(a), "@" + name, Integer.MAX_VALUE, false, "addressed", null);
                }
            }
        }
        record Candidate(Map<String, Object> assistant, String pattern, int precedence) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Map<String, Object> a : roster) {
            for (Object p : list(routing(a).get("patterns"))) {
                String pattern = p instanceof Map<?, ?> pm ? String.valueOf(pm.get("pattern")) : String.valueOf(p);
                int precedence = p instanceof Map<?, ?> pm && pm.get("precedence") instanceof Number n ? n.intValue()
                        : routing(a).get("precedence") instanceof Number n ? n.intValue() : 0;
                try {
                    if (Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(input).find()) {
                        candidates.add(new Candidate(a, pattern, precedence));
                        break; // the first matching pattern per assistant
                    }
                } catch (PatternSyntaxException e) {
                    // an invalid declaration is skipped, never fatal
                }
            }
        }
        if (!candidates.isEmpty()) {
            candidates.sort(Comparator.comparingInt(Candidate::precedence).reversed()
                    .thenComparing(c -> key(c.assistant())));
            Candidate best = candidates.get(0);
            boolean tie = candidates.size() > 1 && candidates.get(1).precedence() == best.precedence();
            return new Route(key(best.assistant()), alias(best.assistant()), best.pattern(), best.precedence(), tie,
                    "declaration", null);
        }
        Model model = model(roster);
        if (model != null) {
            Map<String, Double> p = model.probabilities(input);
            List<Map.Entry<String, Double>> ranked = p.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList();
            double top = ranked.get(0).getValue();
            double margin = top - (ranked.size() > 1 ? ranked.get(1).getValue() : 0);
            String winner = ranked.get(0).getKey();
            if (!NONE.equals(winner) && top >= MIN_CONFIDENCE && margin >= MIN_MARGIN) {
                Map<String, Object> a = roster.stream().filter(r -> key(r).equals(winner)).findFirst().orElseThrow();
                return new Route(winner, alias(a), null, 0, false, "classifier", top);
            }
        }
        List<String> specialists = roster.stream().filter(a -> !list(routing(a).get("patterns")).isEmpty())
                .map(a -> "@" + (alias(a) != null ? alias(a) : key(a))).sorted().toList();
        throw new ActionFailure(MathEvaluator.DECLINED + "I'm not sure who should answer that."
                + (specialists.isEmpty() ? "" : " You can ask " + String.join(", ", specialists) + " directly."));
    }

    /** Class probabilities (softmax over the log scores) for a text: exposed for the threshold tests. */
    static Map<String, Double> classify(String text, List<Map<String, Object>> roster) {
        Model model = model(roster);
        return model == null ? Map.of() : model.probabilities(text);
    }

    private static Model model(List<Map<String, Object>> roster) {
        Map<String, List<String>> docs = new LinkedHashMap<>();
        List<String> none = new ArrayList<>(NEGATIVES);
        for (Map<String, Object> a : roster.stream().sorted(Comparator.comparing(Router::key)).toList()) {
            List<String> examples = list(routing(a).get("examples")).stream().map(String::valueOf).toList();
            if (!examples.isEmpty()) {
                docs.put(key(a), examples);
            }
            list(routing(a).get("negativeExamples")).forEach(n -> none.add(String.valueOf(n)));
        }
        docs.put(NONE, none);
        if (docs.size() < 2) {
            return null;
        }
        String digest = digest(docs);
        return MODELS.computeIfAbsent(digest, d -> {
            if (MODELS.size() > 64) {
                MODELS.clear();
            }
            return new Model(docs);
        });
    }

    /** Multinomial naive Bayes with Laplace smoothing; log prior = documents of the class / all documents. */
    private static final class Model {
        private final Map<String, Double> logPrior = new LinkedHashMap<>();
        private final Map<String, Map<String, Integer>> counts = new HashMap<>();
        private final Map<String, Integer> totals = new HashMap<>();
        private final java.util.Set<String> vocabulary = new java.util.HashSet<>();

        Model(Map<String, List<String>> docs) {
            int all = docs.values().stream().mapToInt(List::size).sum();
            docs.forEach((cls, examples) -> {
                logPrior.put(cls, Math.log((double) examples.size() / all));
                Map<String, Integer> c = new HashMap<>();
                int total = 0;
                for (String e : examples) {
                    for (String f : features(e)) {
                        c.merge(f, 1, Integer::sum);
                        vocabulary.add(f);
                        total++;
                    }
                }
                counts.put(cls, c);
                totals.put(cls, total);
            });
        }

        Map<String, Double> probabilities(String text) {
            List<String> features = features(text);
            Map<String, Double> scores = new LinkedHashMap<>();
            int v = vocabulary.size();
            logPrior.forEach((cls, prior) -> {
                double s = prior;
                Map<String, Integer> c = counts.get(cls);
                int total = totals.get(cls);
                for (String f : features) {
                    s += Math.log((c.getOrDefault(f, 0) + 1.0) / (total + v));
                }
                scores.put(cls, s);
            });
            double max = scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double sum = scores.values().stream().mapToDouble(s -> Math.exp(s - max)).sum();
            Map<String, Double> out = new LinkedHashMap<>();
            scores.forEach((cls, s) -> out.put(cls, Math.exp(s - max) / sum));
            return out;
        }
    }

    /** Word unigrams plus character trigrams of the lowercased text, digits folded to 0. */
    static List<String> features(String text) {
        String t = text.toLowerCase(Locale.ROOT).replaceAll("\\d", "0");
        List<String> out = new ArrayList<>();
        for (String w : t.split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add("w:" + w);
            }
        }
        String padded = " " + t.replaceAll("\\s+", " ").trim() + " ";
        for (int i = 0; i + 3 <= padded.length(); i++) {
            out.add("c:" + padded.substring(i, i + 3));
        }
        return out;
    }

    private static String digest(Object declarations) {
        try {
            byte[] bytes = JSON.writeValueAsString(declarations).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(Map<String, Object> a) {
        List<String> names = new ArrayList<>();
        names.add(key(a));
        if (alias(a) != null) {
            names.add(alias(a));
        }
        return names;
    }

    static String key(Map<String, Object> a) {
        return String.valueOf(a.get("key"));
    }

    private static String alias(Map<String, Object> a) {
        return a.get("alias") instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> routing(Map<String, Object> a) {
        return a.get("routing") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
