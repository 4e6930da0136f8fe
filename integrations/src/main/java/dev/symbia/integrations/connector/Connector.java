package dev.symbia.integrations.connector;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The seed connectors, by their wire names (also their vault provider names, issue 22). */
public enum Connector {
    JFROG("jfrog", "JFROG_ACCESS_TOKEN"),
    RAILWAY("railway", "RAILWAY_API_TOKEN"),
    SUPABASE("supabase", "SUPABASE_SERVICE_ROLE_KEY");

    private final String vaultName;
    private final String tokenEnv;

    Connector(String vaultName, String tokenEnv) {
        this.vaultName = vaultName;
        this.tokenEnv = tokenEnv;
    }

    public String vaultName() {
        return vaultName;
    }

    String tokenEnv() {
        return tokenEnv;
    }

    public static Optional<Connector> parse(String name) {
        return Arrays.stream(values()).filter(c -> c.vaultName.equals(name.toLowerCase(Locale.ROOT))).findFirst();
    }
}
