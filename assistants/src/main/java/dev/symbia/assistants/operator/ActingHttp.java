package dev.symbia.assistants.operator;

import dev.symbia.auth.ActingTokenClient;
import dev.symbia.core.PlatformHeaders;
import dev.symbia.core.SymbiaService;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpObservationInterceptor;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls other services' public APIs as the user: their acting token as the bearer and their org in
 * {@link PlatformHeaders#ORG} — never this service's token (the service-token client is not used here), so the
 * callee authorises the user. Peers are the platform's own services at their configured URLs only.
 */
@Component
class ActingHttp {

    /** A peer's answer: status and body (an empty object when it was not JSON). */
    record Reply(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** A problem's title and detail, for a step's summary. */
        String problem() {
            String title = body.path("title").asString(body.path("error").path("message").asString(""));
            String detail = body.path("detail").asString("");
            return (title + (detail.isBlank() ? "" : ": " + detail)).trim();
        }
    }

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final int MAX_BODY = 512 * 1024;

    private final OkHttpClient http;
    private final JsonMapper json;
    private final Environment environment;

    ActingHttp(JsonMapper json, Environment environment, ObjectProvider<OkHttpObservationInterceptor> tracing) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(false).followSslRedirects(false);
        tracing.ifAvailable(builder::addInterceptor);
        this.http = builder.build();
        this.json = json;
        this.environment = environment;
    }

    Reply send(ActingTokenClient.Acting acting, String method, String service, String path, Object body, Duration timeout)
            throws IOException {
        Request.Builder request = new Request.Builder().url(baseUrl(service) + path)
                .header("Authorization", "Bearer " + acting.token())
                .header(PlatformHeaders.ORG, acting.principal().orgId())
                .header("Accept", "application/json");
        if ("GET".equals(method)) {
            request.get();
        } else {
            request.method(method, RequestBody.create(json.writeValueAsString(body == null ? Map.of() : body), JSON_TYPE));
        }
        OkHttpClient client = http.newBuilder().callTimeout(timeout).readTimeout(timeout).build();
        try (Response response = client.newCall(request.build()).execute()) {
            byte[] bytes = response.body().byteStream().readNBytes(MAX_BODY);
            return new Reply(response.code(), parse(bytes));
        }
    }

    /**
     * A POST whose answer may be an event stream: then its frames go to {@code frames} on this thread as they arrive
     * and the result is null; any other answer (an error, or a peer that answered at once) comes back as a reply.
     */
    Reply stream(ActingTokenClient.Acting acting, String service, String path, Object body, Duration timeout,
            EventSourceListener frames) throws IOException {
        Request request = new Request.Builder().url(baseUrl(service) + path)
                .header("Authorization", "Bearer " + acting.token())
                .header(PlatformHeaders.ORG, acting.principal().orgId())
                .header("Accept", "text/event-stream, application/json")
                .post(RequestBody.create(json.writeValueAsString(body), JSON_TYPE)).build();
        OkHttpClient client = http.newBuilder().callTimeout(timeout).readTimeout(timeout).build();
        try (Response response = client.newCall(request).execute()) {
            MediaType type = response.body().contentType();
            if (response.isSuccessful() && type != null && "event-stream".equals(type.subtype())) {
                EventSources.processResponse(response, frames);
                return null;
            }
            return new Reply(response.code(), parse(response.body().byteStream().readNBytes(MAX_BODY)));
        }
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
        } catch (JacksonException e) {
            return json.createObjectNode();
        }
    }

    /** A platform service's URL: {@code <SERVICE>_SERVICE_URL}, else its default. */
    private String baseUrl(String service) {
        SymbiaService peer = SymbiaService.valueOf(service.toUpperCase(Locale.ROOT));
        String url = environment.getProperty(service.toUpperCase(Locale.ROOT) + "_SERVICE_URL",
                peer.url(System.getenv()));
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
