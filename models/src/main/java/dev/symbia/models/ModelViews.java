package dev.symbia.models;

import dev.symbia.models.inference.ModelManager;
import dev.symbia.models.registry.ModelRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a registry entry is shown: the OpenAI model object plus what the platform knows about the file. */
public final class ModelViews {

    private ModelViews() {
    }

    public static List<String> capabilities(ModelRecord m) {
        return m.embedding() ? List.of("embeddings") : List.of("chat", "completion");
    }

    public static String status(ModelRecord m, ModelManager manager) {
        if (!m.usable()) {
            return "error";
        }
        return manager.isLoaded(m.id()) ? "loaded" : "available";
    }

    /** The OpenAI {@code model} object with the reference's extra fields. */
    public static Map<String, Object> model(ModelRecord m, ModelManager manager) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", m.id());
        v.put("object", "model");
        v.put("created", m.discoveredAt().getEpochSecond());
        v.put("owned_by", "symbia-labs");
        v.put("capabilities", capabilities(m));
        v.put("context_length", m.contextLength());
        v.put("status", status(m, manager));
        v.put("loaded", manager.isLoaded(m.id()));
        v.put("memory_usage_mb", m.sizeBytes() / (1024 * 1024));
        Map<String, Object> symbia = new LinkedHashMap<>();
        symbia.put("source", "local");
        symbia.put("provider", "local");
        symbia.put("filename", m.filename());
        symbia.put("digest", m.digest());
        symbia.put("sizeBytes", m.sizeBytes());
        symbia.put("architecture", m.architecture());
        symbia.put("name", m.name());
        symbia.put("parameterCount", m.parameterCount());
        symbia.put("quantization", m.quantization());
        symbia.put("chatTemplate", m.chatTemplate() != null ? "model" : "default");
        symbia.put("error", m.error());
        v.put("symbia", symbia);
        return v;
    }
}
