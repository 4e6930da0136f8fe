package dev.symbia.integrations.connector;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the seed connectors' vendors live and their platform-wide default credentials (issue 22's contract:
 * {@code JFROG_URL}, {@code JFROG_ACCESS_TOKEN}, {@code RAILWAY_API_URL}, {@code RAILWAY_API_TOKEN},
 * {@code SUPABASE_URL}, {@code SUPABASE_SERVICE_ROLE_KEY}, mapped in application.yml). A user's or org's key in
 * the vault (providers {@code jfrog}, {@code railway}, {@code supabase}) wins over these. URLs come only from
 * here (operator configuration), never from a request, so no caller can point a connector elsewhere.
 *
 * @param timeout a vendor call's overall limit
 */
@Validated
@ConfigurationProperties("symbia.integrations.connectors")
record ConnectorProperties(@NotNull @DefaultValue Jfrog jfrog, @NotNull @DefaultValue Railway railway,
        @NotNull @DefaultValue Supabase supabase, @NotNull @DefaultValue("30s") Duration timeout) {

    /** @param url the JFrog platform URL: Artifactory at {@code /artifactory}, Xray {@code /xray}, Pipelines {@code /pipelines/api} */
    public record Jfrog(@DefaultValue("") String url, @DefaultValue("") String accessToken) {
        @Override
        public String toString() {
            return "Jfrog[url=" + url + ", accessToken=" + (accessToken.isBlank() ? "<none>" : "<set>") + "]";
        }
    }

    public record Railway(@DefaultValue("https://backboard.railway.com/graphql/v2") String apiUrl,
            @DefaultValue("") String apiToken) {
        @Override
        public String toString() {
            return "Railway[apiUrl=" + apiUrl + ", apiToken=" + (apiToken.isBlank() ? "<none>" : "<set>") + "]";
        }
    }

    public record Supabase(@DefaultValue("") String url, @DefaultValue("") String serviceRoleKey) {
        @Override
        public String toString() {
            return "Supabase[url=" + url + ", serviceRoleKey=" + (serviceRoleKey.isBlank() ? "<none>" : "<set>") + "]";
        }
    }
}
