package dev.symbia.integrations.usage;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.ProblemTypes;
import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.support.Callers;
import dev.symbia.web.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/usage?from&to&groupBy=user|provider|model|day} — usage in the caller's org: all of
 * it for org admins, the caller's own calls for everyone else. {@code from}/{@code to} take an ISO
 * instant or a date (UTC); a date as {@code to} includes that day. Defaults: the last 30 days,
 * grouped by provider.
 */
@RestController
class UsageController {

    private static final Duration MAX_SPAN = Duration.ofDays(366);
    /**
     * Seeing the whole org's usage. The admin role grants it (super admins pass); an admin's API key
     * only when scoped with it, an agent only when granted it — anyone else sees their own calls.
     */
    static final String ORG_USAGE = "cap:integrations.admin";

    private final UsageStore store;

    UsageController(UsageStore store) {
        this.store = store;
    }

    @GetMapping("/api/usage")
    UsageReport usage(SymbiaPrincipal principal, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "provider") String groupBy) {
        Account caller = Account.of(Callers.of(principal));
        GroupBy grouping = GroupBy.parse(groupBy)
                .orElseThrow(() -> invalid("groupBy", "must be one of user, provider, model, day"));
        Instant end = to == null ? Instant.now() : instant("to", to, true);
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : instant("from", from, false);
        if (!start.isBefore(end)) {
            throw invalid("from", "must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw invalid("from", "the period may span at most 366 days");
        }
        String onlyUser = principal.hasCapability(ORG_USAGE) ? null : caller.userId();
        return store.report(caller.orgId(), onlyUser, start, end, grouping);
    }

    private static Instant instant(String name, String value, boolean endOfDay) {
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be an ISO-8601 instant or a date (yyyy-MM-dd)");
        }
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                "Parameter '" + field + "' " + message + ".",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }
}
