package dev.symbia.integrations.usage;

import dev.symbia.core.ProblemTypes;
import dev.symbia.integrations.credential.Account;
import dev.symbia.web.problem.ProblemException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Refuses a call (402) when the org or the user has used up its token budget over the last 24
 * hours. It reads the same usage table the reports read, so what is enforced is what is reported;
 * nothing is reserved ahead, so nothing can leak and block callers falsely. Usage rows are written in
 * batches: a check waits for this replica's queued rows; another replica's calls count once written
 * (milliseconds later).
 */
@Component
public class BudgetGuard {

    private final UsageStore store;
    private final UsageProperties.Budget budget;
    private final UsageRecorder recorder;

    public BudgetGuard(UsageStore store, UsageProperties properties, UsageRecorder recorder) {
        this.store = store;
        this.budget = properties.budget();
        this.recorder = recorder;
    }

    public void check(Account account) {
        if (budget.orgDailyTokens() <= 0 && budget.userDailyTokens() <= 0) {
            return;
        }
        recorder.awaitWritten(); // this replica's calls so far count (another replica's count once written)
        if (budget.orgDailyTokens() > 0 && store.tokensLastDay(account.orgId(), null) >= budget.orgDailyTokens()) {
            throw exhausted("The org's token budget for the last 24 hours is used up.", "org", budget.orgDailyTokens());
        }
        if (budget.userDailyTokens() > 0
                && store.tokensLastDay(account.orgId(), account.userId()) >= budget.userDailyTokens()) {
            throw exhausted("Your token budget for the last 24 hours is used up.", "user", budget.userDailyTokens());
        }
    }

    private static ProblemException exhausted(String detail, String scope, long limit) {
        return new ProblemException(HttpStatus.PAYMENT_REQUIRED, ProblemTypes.QUOTA_EXCEEDED, "Budget exhausted", detail,
                Map.of("category", "quota", "budget", Map.of("scope", scope, "dailyTokens", limit)));
    }
}
