package dev.symbia.models.registry;

import java.util.Locale;

/** Model ids as the reference derives them from file names. */
public final class ModelIds {

    private ModelIds() {
    }

    /** {@code Llama-3.2-1B-Instruct-Q4_K_M.gguf} → {@code llama-3-2-1b-instruct-q4-k-m}. */
    public static String fromFilename(String filename) {
        String base = filename;
        if (base.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            base = base.substring(0, base.length() - ".gguf".length());
        }
        return base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }
}
