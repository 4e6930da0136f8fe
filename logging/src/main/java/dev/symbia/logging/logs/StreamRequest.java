package dev.symbia.logging.logs;

import dev.symbia.web.problem.ProblemException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /api/logs/streams}. */
record StreamRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @Size(max = 200) String source,
        String level,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
        @Min(1) @Max(3650) Integer retentionDays) {

    Level levelOrDefault() {
        if (level == null) {
            return Level.INFO;
        }
        return Level.parse(level).orElseThrow(() -> ProblemException.badRequest("Unknown level '" + level + "'."));
    }
}
