package dev.symbia.integrations.support;

import dev.symbia.core.RequestIds;
import org.slf4j.MDC;

/**
 * The request id of the work in hand, where libs/web's {@code RequestIdFilter} put it: the logging MDC. Work that
 * runs on a thread of its own (a deployment, a broadcast) names itself with {@link #run}, so its logs, usage rows and
 * calls to identity carry one id too.
 */
public final class RequestId {

    private RequestId() {
    }

    /** The current request's id, or a fresh one outside any request. */
    public static String current() {
        String id = MDC.get(RequestIds.MDC_KEY);
        return id != null ? id : RequestIds.mint();
    }

    /** Runs {@code work} under {@code id} (restoring whatever id the thread had). */
    public static void run(String id, Runnable work) {
        String previous = MDC.get(RequestIds.MDC_KEY);
        MDC.put(RequestIds.MDC_KEY, id);
        try {
            work.run();
        } finally {
            if (previous == null) {
                MDC.remove(RequestIds.MDC_KEY);
            } else {
                MDC.put(RequestIds.MDC_KEY, previous);
            }
        }
    }
}
