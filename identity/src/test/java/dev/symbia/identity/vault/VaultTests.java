package dev.symbia.identity.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class VaultTests extends IdentityTestBase {

    private static final String SECRET = "sk-live-provider-secret-abcdefghijklmnop";

    @Autowired
    VaultCipher cipher;

    private String store(User user, String provider, boolean orgWide, String secret) {
        Http.Response response = http().post("/api/credentials", Map.of("provider", provider, "name", provider + " key",
                "apiKey", secret, "isOrgWide", orgWide, "metadata", Map.of("region", "eu")), Http.bearer(user.token()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).doesNotContain(secret);
        return response.json().path("id").asString();
    }

    private byte[] ciphertext(String id) {
        return jdbc.sql("SELECT secret_enc FROM credentials WHERE id = CAST(:id AS uuid)").param("id", id)
                .query(byte[].class).single();
    }

    @Test
    void secretsAreNeverReturnedAndNeverStoredInClear() {
        User user = register(unique("vault"), "Vault Org");
        String id = store(user, "sambanova", false, SECRET);
        Http.Response list = http().get("/api/credentials", Http.bearer(user.token()));
        assertThat(list.body()).contains(id).doesNotContain(SECRET).contains("sk-liv");
        assertThat(new String(ciphertext(id), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
    }

    @Test
    void ciphertextDiffersPerRowAndCannotBeMovedBetweenRows() throws Exception {
        User user = register(unique("vault-move"), "Move Org");
        String first = store(user, "openai", false, SECRET);
        String second = store(user, "huggingface", false, SECRET);
        byte[] a = ciphertext(first);
        byte[] b = ciphertext(second);
        assertThat(a).isNotEqualTo(b);
        assertThat(cipher.open(UUID.fromString(first), a)).isEqualTo(SECRET);
        assertThatThrownBy(() -> cipher.open(UUID.fromString(second), a)).isInstanceOf(GeneralSecurityException.class);

        jdbc.sql("UPDATE credentials SET secret_enc = :enc WHERE id = CAST(:id AS uuid)").param("enc", a).param("id", second).update();
        Http.Response read = http().get("/api/internal/credentials/" + user.id() + "/huggingface?orgId=" + user.orgId(),
                Http.bearer(serviceToken("integrations")));
        assertThat(read.status()).isEqualTo(500);
        assertThat(read.isProblem()).isTrue();
        assertThat(read.body()).doesNotContain(SECRET);
    }

    @Test
    void internalReadPrefersTheUsersOwnThenOrgWideAndIsAudited() {
        User admin = register(unique("vault-admin"), "Lookup Org");
        User member = join(admin, admin.orgId(), register(unique("vault-member"), null), "member");
        store(admin, "openai", true, "org-wide-secret-0000000000");
        String service = serviceToken("integrations");

        JsonNode orgWide = http().get("/api/internal/credentials/" + member.id() + "/openai?orgId=" + admin.orgId(),
                Http.bearer(service)).json();
        assertThat(orgWide.path("apiKey").asString()).isEqualTo("org-wide-secret-0000000000");
        assertThat(orgWide.path("isOrgWide").asBoolean()).isTrue();
        assertThat(orgWide.path("isProxy").asBoolean()).isTrue();

        store(member, "openai", false, "personal-secret-1111111111");
        JsonNode own = http().get("/api/internal/credentials/" + member.id() + "/openai?orgId=" + admin.orgId(),
                Http.bearer(service)).json();
        assertThat(own.path("apiKey").asString()).isEqualTo("personal-secret-1111111111");
        assertThat(own.path("metadata").path("region").asString()).isEqualTo("eu");
        assertThat(http().get("/api/internal/credentials/" + member.id() + "/openai", Http.bearer(service)).json()
                .path("apiKey").asString()).as("no org named: the user's own key").isEqualTo("personal-secret-1111111111");

        assertThat(http().get("/api/internal/credentials/" + member.id() + "/openai", Http.bearer(serviceToken("messaging")))
                .status()).as("a service not on the allow-list").isEqualTo(403);
        User outsider = register(unique("vault-outsider"), "Outside Org");
        assertThat(http().get("/api/internal/credentials/" + outsider.id() + "/openai?orgId=" + admin.orgId(),
                Http.bearer(service)).status()).as("not a member of that org").isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'credential.read' AND actor_id = 'integrations' "
                + "AND org_id = CAST(:o AS uuid)").param("o", admin.orgId()).query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void orgWideNeedsAnAdminAndOtherOrgsSee404() {
        User admin = register(unique("vault-wide"), "Wide Org");
        User member = join(admin, admin.orgId(), register(unique("vault-wide-m"), null), "member");
        assertThat(http().post("/api/credentials", Map.of("provider", "openai", "name", "x", "apiKey", SECRET, "isOrgWide", true),
                Http.bearer(member.token())).status()).isEqualTo(403);
        String id = store(admin, "openai", true, SECRET);
        assertThat(http().send("DELETE", "/api/credentials/" + id, null, Http.bearer(member.token())).status())
                .as("members cannot delete org-wide keys").isEqualTo(403);
        User other = register(unique("vault-other"), "Other Vault Org");
        assertThat(http().send("DELETE", "/api/credentials/" + id, null, Http.bearer(other.token())).status()).isEqualTo(404);
        assertThat(http().get("/api/credentials", Http.bearer(other.token())).body()).doesNotContain(id);
        assertThat(http().send("DELETE", "/api/credentials/" + id, null, Http.bearer(admin.token())).status()).isEqualTo(204);
    }

    @Test
    void aKeyNoHeaderCanCarryIsRefusedWhenStoredWithoutEchoingIt() {
        User admin = register(unique("vault-bad-key"), "Bad Key Org");
        for (String bad : new String[] {"sk-abc\n", "sk-a\rb", "sk-tab\tkey", "sk-space key", "sk-clé-secret", "sk-\u0007bell"}) {
            Http.Response response = http().post("/api/credentials", Map.of("provider", "sambanova", "name", "k",
                    "apiKey", bad, "isOrgWide", true), Http.bearer(admin.token()));
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.body()).contains("\"field\":\"apiKey\"").doesNotContain("sk-");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM credentials WHERE org_id = CAST(:o AS uuid)")
                .param("o", admin.orgId()).query(Integer.class).single()).isZero();
        store(admin, "sambanova", true, "sk-Visible_ASCII.only~!#$%&'*+/=?^`|{}");
    }

    @Test
    void aNulInACredentialNameIsA400NamingTheFieldNotA404() {
        User admin = register(unique("vault-nul"), "Nul Org");
        Http.Response response = http().post("/api/credentials", Map.of("provider", "openai", "name", "k\u0000x",
                "apiKey", SECRET), Http.bearer(admin.token()));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"name\"").doesNotContain(SECRET);
    }
}
