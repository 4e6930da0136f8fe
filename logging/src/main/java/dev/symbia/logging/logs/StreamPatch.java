package dev.symbia.logging.logs;

import dev.symbia.web.problem.ProblemException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code PATCH /api/logs/streams/{id}}: absent fields stay as they are. */
record StreamPatch(
        @Size(max = 2000) String description,
        @Size(max = 200) String source,
        String level,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
        @Min(1) @Max(3650) Integer retentionDays,
        Boolean useDefaultRetention) {

    Level parsedLevel() {
        return Level.parse(level).orElseThrow(() -> ProblemException.badRequest("Unknown level '" + level + "'."));
    }
}
