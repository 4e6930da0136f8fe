package dev.symbia.models.registry;

import java.time.Instant;

/** A registry row: one GGUF file in the models directory and what its header says. */
public record ModelRecord(
        String id,
        String filename,
        String path,
        long sizeBytes,
        Instant modifiedAt,
        String digest,
        String architecture,
        String name,
        Integer contextLength,
        Long parameterCount,
        String quantization,
        String chatTemplate,
        boolean embedding,
        String error,
        Instant discoveredAt) {

    /** A file whose header could not be read is listed (so the operator sees why) but never loaded. */
    public boolean usable() {
        return error == null;
    }
}
