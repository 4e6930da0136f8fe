package dev.symbia.network.trace;

import java.util.List;

/**
 * Events another replica routed and has now stored (published on the notification thread: listeners hand
 * real work to their own thread).
 */
public record StoredElsewhere(List<String> eventIds) {
}
