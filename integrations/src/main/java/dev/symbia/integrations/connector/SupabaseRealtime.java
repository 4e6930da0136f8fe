package dev.symbia.integrations.connector;

import dev.symbia.integrations.credential.Credential;
import dev.symbia.web.body.RequestBodies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Supabase Realtime's server-side broadcast (reference §5): {@code POST {SUPABASE_URL}/realtime/v1/api/broadcast}
 * with {@code apikey} and {@code Authorization: Bearer} both carrying the service role key, body
 * {@code {"messages":[{topic, event, payload, private}]}}, answered 202. Topics go out bare: a leading
 * {@code realtime:} (what browsers subscribe to) is removed, as realtime-js and the server do.
 */
@Component
public class SupabaseRealtime {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_PAYLOAD = 64 * 1024;

    private final VendorHttp http;
    private final ConnectorProperties properties;

    SupabaseRealtime(VendorHttp http, ConnectorProperties properties) {
        this.http = http;
        this.properties = properties;
    }

    public record Broadcast(String topic, String event, JsonNode payload, Boolean isPrivate) {
    }

    record BroadcastParams(String topic, String event, JsonNode payload,
            @com.fasterxml.jackson.annotation.JsonProperty("private") Boolean isPrivate) {
    }

    public boolean configured() {
        return !properties.supabase().url().isBlank();
    }

    Map<String, Object> broadcast(Credential credential, BroadcastParams params) {
        if (params.topic() == null || params.topic().isBlank() || params.topic().length() > 255) {
            throw RequestBodies.invalidField("topic", "is required (at most 255 characters)");
        }
        if (params.event() == null || params.event().isBlank() || params.event().length() > 255) {
            throw RequestBodies.invalidField("event", "is required (at most 255 characters)");
        }
        if (params.payload() == null || !params.payload().isObject()) {
            throw RequestBodies.invalidField("payload", "must be a JSON object");
        }
        if (http.json().writeValueAsBytes(params.payload()).length > MAX_PAYLOAD) {
            throw RequestBodies.invalidField("payload", "must be at most " + MAX_PAYLOAD + " bytes");
        }
        String topic = send(credential, List.of(new Broadcast(params.topic(), params.event(), params.payload(),
                params.isPrivate() == null || params.isPrivate())));
        return Map.of("sent", true, "topic", topic);
    }

    /** Sends messages in one request; returns the (last) bare topic used. */
    public String send(Credential credential, List<Broadcast> messages) {
        HttpUrl base = HttpUrl.parse(properties.supabase().url().strip().replaceAll("/+$", ""));
        if (base == null) {
            throw ConnectorException.notConfigured(Connector.SUPABASE, "SUPABASE_URL is not set.");
        }
        String topic = null;
        List<Map<String, Object>> wire = new java.util.ArrayList<>();
        for (Broadcast message : messages) {
            topic = message.topic().startsWith("realtime:") ? message.topic().substring("realtime:".length())
                    : message.topic();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("topic", topic);
            one.put("event", message.event());
            one.put("payload", message.payload());
            one.put("private", Boolean.TRUE.equals(message.isPrivate()));
            wire.add(one);
        }
        HttpUrl url = base.newBuilder().addPathSegments("realtime/v1/api/broadcast").build();
        Request request = new Request.Builder().url(url).header("apikey", credential.apiKey())
                .header("Authorization", "Bearer " + credential.apiKey())
                .post(RequestBody.create(http.json().writeValueAsBytes(Map.of("messages", wire)), JSON)).build();
        http.call(Connector.SUPABASE, credential, request);
        return topic;
    }
}
