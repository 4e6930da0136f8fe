package dev.symbia.messaging.live;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Durable event ids delivered here lately, a bounded number: a caught-up or re-announced event is delivered once. */
final class DeliveredIds {

    private final Set<Long> ids;

    DeliveredIds(int remembered) {
        ids = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > remembered;
            }
        }));
    }

    /** True the first time a durable id is seen here (ephemeral ids, 0, always pass). */
    boolean firstTime(long id) {
        return id <= 0 || ids.add(id);
    }
}
