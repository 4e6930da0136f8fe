package dev.symbia.logging.ingest;

import dev.symbia.core.ProblemTypes;
import dev.symbia.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** 413 for a request with more records than {@code symbia.logging.ingest.max-records}. */
public final class TooManyRecords {

    private TooManyRecords() {
    }

    public static void check(int count, IngestProperties properties) {
        if (count > properties.maxRecords()) {
            throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large",
                    "At most " + properties.maxRecords() + " records per request; send smaller batches.");
        }
    }
}
