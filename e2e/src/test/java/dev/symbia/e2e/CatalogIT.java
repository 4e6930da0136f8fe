package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.e2e.support.Account;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.StackExtension;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The catalog's "done when", black-box through the gateway: register a component with a manifest, publish it
 * twice, fetch versions 1 and 2 and see they differ, find it by a word of its description, and see that a user
 * of another org cannot see it while it is private.
 */
@ExtendWith(StackExtension.class)
class CatalogIT {

    private static final String JSON = "application/json";

    private static String component(String key, String manifestKey, String version, String description) {
        return "{\"key\":\"" + key + "\",\"name\":\"E2E component\",\"type\":\"component\",\"description\":\"" + description
                + "\",\"metadata\":{\"manifest\":{\"key\":\"" + manifestKey + "\",\"version\":\"" + version
                + "\",\"implementation\":\"builtin\",\"inputs\":[{\"name\":\"in\"}],\"outputs\":[{\"name\":\"out\"}]}}}";
    }

    @Test
    void registerPublishTwiceResolveSearchAndOrgIsolation(Gateway gateway) {
        Account owner = Account.register(gateway, "catalog-owner");
        Account stranger = Account.register(gateway, "catalog-stranger");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String word = "quokka" + suffix;
        String key = "components/e2e." + suffix;

        Gateway.Response created = gateway.post("/api/catalog/resources", JSON,
                component(key, "e2e." + suffix, "1.0.0", "Counts " + word + " sightings"), "Authorization", owner.bearer());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(created.json().path("orgId").asString()).isEqualTo(owner.orgId());

        Gateway.Response duplicate = gateway.post("/api/catalog/resources", JSON,
                component(key, "e2e." + suffix, "1.0.0", "again"), "Authorization", owner.bearer());
        assertThat(duplicate.status()).as("%s", duplicate).isEqualTo(409);
        assertThat(duplicate.isProblem()).isTrue();

        Gateway.Response v1 = gateway.post("/api/catalog/resources/" + id + "/publish", JSON, "{\"changelog\":\"first\"}",
                "Authorization", owner.bearer());
        assertThat(v1.status()).as("%s", v1).isEqualTo(201);
        assertThat(v1.json().path("version").asInt()).isEqualTo(1);

        Gateway.Response edited = gateway.patch("/api/catalog/resources/" + id, JSON,
                component(key, "e2e." + suffix, "1.1.0", "Counts " + word + " sightings twice").replace(
                        "\"type\":\"component\",", ""), "Authorization", owner.bearer());
        assertThat(edited.status()).as("%s", edited).isEqualTo(200);
        Gateway.Response v2 = gateway.post("/api/catalog/resources/" + id + "/publish", JSON, "{}", "Authorization", owner.bearer());
        assertThat(v2.json().path("version").asInt()).as("%s", v2).isEqualTo(2);

        JsonNode first = gateway.get("/api/catalog/resources/" + id + "/versions/1", "Authorization", owner.bearer()).json();
        JsonNode second = gateway.get("/api/catalog/resources/" + id + "/versions/2", "Authorization", owner.bearer()).json();
        assertThat(first.path("content").path("metadata").path("manifest").path("version").asString()).isEqualTo("1.0.0");
        assertThat(second.path("content").path("metadata").path("manifest").path("version").asString()).isEqualTo("1.1.0");
        assertThat(first.path("content")).isNotEqualTo(second.path("content"));

        Gateway.Response pinned = gateway.get("/api/catalog/resolve/" + key + "?version=~1.0.0", "Authorization", owner.bearer());
        assertThat(pinned.json().path("version").asInt()).as("%s", pinned).isEqualTo(1);

        Gateway.Response found = gateway.post("/api/catalog/search", JSON, "{\"query\":\"" + word + "\"}",
                "Authorization", owner.bearer());
        assertThat(found.status()).as("%s", found).isEqualTo(200);
        assertThat(found.json()).hasSize(1);
        assertThat(found.json().get(0).path("id").asString()).isEqualTo(id);

        // Private to the owner's org: another org's user and anonymous callers do not see it.
        Gateway.Response theirs = gateway.get("/api/catalog/resources/" + id, "Authorization", stranger.bearer());
        assertThat(theirs.status()).as("%s", theirs).isEqualTo(404);
        assertThat(theirs.isProblem()).isTrue();
        Gateway.Response theirSearch = gateway.post("/api/catalog/search", JSON, "{\"query\":\"" + word + "\"}",
                "Authorization", stranger.bearer());
        assertThat(theirSearch.json()).isEmpty();
        assertThat(gateway.get("/api/catalog/resources/" + id + "/versions/1", "Authorization", stranger.bearer()).status())
                .isEqualTo(404);
        assertThat(gateway.get("/api/catalog/resources/" + id).status()).isEqualTo(404);
        Gateway.Response anonymousWrite = gateway.post("/api/catalog/resources", JSON, component(key + "x", "x", "1.0.0", "x"));
        assertThat(anonymousWrite.status()).as("%s", anonymousWrite).isEqualTo(401);
    }

    @Test
    void bootstrapResourcesArePublic(Gateway gateway) {
        Gateway.Response bootstrap = gateway.get("/api/catalog/bootstrap");
        assertThat(bootstrap.status()).as("%s", bootstrap).isEqualTo(200);
        assertThat(bootstrap.json().toString()).contains("components/symbia.io.passthrough");
        Gateway.Response namespace = gateway.get("/svc/catalog/symbia-namespace");
        assertThat(namespace.status()).as("%s", namespace).isEqualTo(200);
        assertThat(namespace.json().path("namespace").asString()).isEqualTo("catalog");
    }
}
