package dev.symbia.messaging.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Whom or what a control event is about: a participant (the agent to pause, the principal to hand
 * off to) and/or a message (the reply in progress to cancel). Every part is optional.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlTarget(String principalId, String principalType, UUID messageId) {

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (principalId != null) {
            map.put("principalId", principalId);
        }
        if (principalType != null) {
            map.put("principalType", principalType);
        }
        if (messageId != null) {
            map.put("messageId", messageId.toString());
        }
        return map;
    }
}
