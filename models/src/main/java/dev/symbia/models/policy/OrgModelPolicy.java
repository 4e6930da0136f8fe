package dev.symbia.models.policy;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.models.registry.LookupCaches;
import dev.symbia.web.problem.ProblemException;
import java.sql.Array;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Org admins may restrict which local models their org uses. The caller's org is the request's org (libs/auth:
 * {@code X-Org-Id} or the credential's default org; a service acting for a user names the user's org). A principal
 * without an org (a service acting for nobody) is not restricted.
 */
@Service
public class OrgModelPolicy {

    private final JdbcClient jdbc;
    /**
     * Policies by org (every completion checks one): a change made through this replica applies at once, one made
     * through another within the notification's poll interval ({@link LookupCaches}); no background reloads.
     */
    private final LoadingCache<String, Optional<List<String>>> byOrg;
    private final LookupCaches caches;

    OrgModelPolicy(JdbcClient jdbc, LookupCaches caches) {
        this.jdbc = jdbc;
        this.caches = caches;
        this.byOrg = caches.cache("policy", this::load);
    }

    /** The org's allowed model ids, or empty when the org is not restricted. */
    public Optional<List<String>> allowed(String orgId) {
        return orgId == null ? Optional.empty() : byOrg.get(orgId);
    }

    private Optional<List<String>> load(String orgId) {
        return jdbc.sql("SELECT allowed_models FROM org_model_policy WHERE org_id = ?").param(orgId)
                .query((rs, n) -> {
                    Array array = rs.getArray(1);
                    return List.copyOf(Arrays.asList((String[]) array.getArray()));
                }).optional();
    }

    public boolean permits(SymbiaPrincipal principal, String modelId) {
        return allowed(principal.orgId()).map(ids -> ids.contains(modelId)).orElse(true);
    }

    /** 403 {@code model_not_allowed} when the caller's org has excluded the model. */
    public void require(SymbiaPrincipal principal, String modelId) {
        if (!permits(principal, modelId)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "model_not_allowed", "Model not allowed",
                    "Your organization's admins have not allowed the model '" + modelId + "'.",
                    Map.of("param", "model"));
        }
    }

    void restrict(String orgId, List<String> modelIds, String by) {
        jdbc.sql("""
                INSERT INTO org_model_policy (org_id, allowed_models, updated_by) VALUES (?, ?, ?)
                ON CONFLICT (org_id) DO UPDATE SET allowed_models = EXCLUDED.allowed_models,
                    updated_by = EXCLUDED.updated_by, updated_at = now()""")
                .params(orgId, modelIds.toArray(String[]::new), by).update();
        caches.changed("policy", orgId);
    }

    void lift(String orgId) {
        jdbc.sql("DELETE FROM org_model_policy WHERE org_id = ?").param(orgId).update();
        caches.changed("policy", orgId);
    }
}
