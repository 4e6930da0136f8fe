package dev.symbia.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Full-text search with key prefix, read-filtered in the query; stats and the namespace are filtered too. */
class SearchTests extends CatalogTestSupport {

    private static List<String> keys(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(r -> out.add(r.path("key").asString()));
        return out;
    }

    @Test
    void findsByAWordOfTheDescriptionOnlyWhatTheCallerMayRead() {
        String word = "zq" + unique("w").replace("-", "");
        String org = unique("org");
        String mine = unique("assistants/mine");
        create(admin(org), map("key", mine, "name", "Mine", "type", "assistant", "description", "Computes " + word + " totals"));
        String theirs = unique("assistants/theirs");
        create(admin(unique("other")), map("key", theirs, "name", "Theirs", "type", "assistant",
                "description", "Also " + word));

        assertThat(keys(post("/api/search", map("query", word), member(org)).expect(200).body())).containsExactly(mine);
        assertThat(keys(post("/api/nl/search", map("query", word), member(org)).expect(200).body())).containsExactly(mine);
        assertThat(keys(post("/api/search", map("query", word), null).expect(200).body())).isEmpty();
        assertThat(keys(post("/api/search", map("query", word), superAdmin()).body())).containsExactlyInAnyOrder(mine, theirs);
        assertThat(keys(post("/api/search", map("query", word, "type", "context"), member(org)).body())).isEmpty();
    }

    @Test
    void ranksAKeyPrefixAndStemsWords() {
        String org = unique("org");
        String token = admin(org);
        String prefix = "searchy" + unique("p").replace("-", "");
        String exact = prefix + "/calculator";
        create(token, map("key", exact, "name", "Adder", "type", "assistant", "description", "adds numbers"));
        create(token, map("key", unique("other/x"), "name", "Mentions", "type", "assistant",
                "description", "this one mentions " + prefix + " in its text"));
        List<String> found = keys(post("/api/search", map("query", prefix), token).expect(200).body());
        assertThat(found).hasSize(2);
        assertThat(found.get(0)).isEqualTo(exact);
        // english stemming: "calculating" finds "calculations"
        String stem = "Q" + unique("s").replace("-", "");
        create(token, map("key", unique("k"), "name", stem, "type", "context", "description", "runs calculations for " + stem));
        assertThat(keys(post("/api/search", map("query", "calculating " + stem), token).body())).hasSize(1);
    }

    @Test
    void badSearchInputIsAProblem() {
        String token = member(unique("org"));
        post("/api/search", map(), token).problem(400);
        post("/api/search", map("query", ""), token).problem(400);
        post("/api/search", map("query", "x", "type", "widget"), token).problem(400);
        post("/api/search", map("query", "x", "limit", 1000), token).problem(400);
        post("/api/search", map("query", "x", "sort", "asc"), token).problem(400);
        post("/api/search", "nope", token).problem(400);
        post("/api/nl/search", map("q", "x"), token).problem(400);
        post("/api/nl/search", null, null).problem(400);
        // symbols in the query are text, not syntax
        post("/api/search", map("query", "a & | ! ( ' % _ \\"), token).expect(200);
    }

    @Test
    void statsAndNamespaceCountOnlyReadableResources() {
        String org = unique("org");
        String token = admin(org);
        JsonNode before = get("/api/stats", token).expect(200).body();
        create(token, map("key", unique("k"), "name", "n", "type", "graph"));
        JsonNode after = get("/api/stats", token).expect(200).body();
        assertThat(after.path("totalGraphs").asLong()).isEqualTo(before.path("totalGraphs").asLong() + 1);
        assertThat(after.path("totalResources").asLong()).isEqualTo(before.path("totalResources").asLong() + 1);
        JsonNode anonymous = get("/api/stats", null).expect(200).body();
        assertThat(anonymous.path("totalResources").asLong()).isLessThan(after.path("totalResources").asLong());
        assertThat(anonymous.path("bootstrapEntries").asLong()).isPositive();

        String secret = unique("secret/ns");
        create(token, map("key", secret, "name", "n", "type", "context"));
        JsonNode ns = get("/symbia-namespace", null).expect(200).body();
        assertThat(ns.path("namespace").asString()).isEqualTo("catalog");
        assertThat(ns.path("resources").toString()).doesNotContain(secret).contains("components/symbia.io.passthrough");
        assertThat(get("/symbia-namespace", token).body().path("resources").toString()).contains(secret);
        assertThat(get("/symbia-namespace", admin(unique("other"))).body().path("resources").toString()).doesNotContain(secret);
    }
}
