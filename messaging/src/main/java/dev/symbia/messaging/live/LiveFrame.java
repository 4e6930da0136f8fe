package dev.symbia.messaging.live;

import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event ready for the wire, serialised once however many connections receive it.
 *
 * @param id             {@code live_events} id of a durable event (the SSE id), 0 for an ephemeral one
 * @param data           the payload's JSON text
 * @param origin         principal id that caused it, or null
 * @param socketText     the WebSocket text frame {@code {"event":…,"data":…}}
 */
record LiveFrame(long id, UUID conversationId, String name, String data, String origin, String socketText) {

    static LiveFrame of(long id, UUID conversationId, String name, String data, String origin, JsonMapper json) {
        return new LiveFrame(id, conversationId, name, data, origin,
                "{\"event\":" + json.writeValueAsString(name) + ",\"data\":" + data + "}");
    }

    boolean durable() {
        return id > 0;
    }

    /** Approximate bytes it takes in a send buffer. */
    int size() {
        return socketText.length() * 2;
    }
}
