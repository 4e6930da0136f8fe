package dev.symbia.runtime.execution;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.Backoff;
import dev.symbia.web.problem.ProblemException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connects a subscriber (SSE or WebSocket) to an execution's events wherever it runs: the local room when this
 * replica owns it, else the owner's event stream relayed event by event. When the owner's stream breaks (it died, or
 * gave the execution up) the execution is looked up again, so the subscriber follows it to its new owner (this
 * replica included) and gets its last event ({@code execution:completed|failed}) when it ended meanwhile.
 */
@Component
class EventFollower {

    private static final Logger log = LoggerFactory.getLogger(EventFollower.class);

    private static final io.github.resilience4j.core.IntervalFunction BACKOFF = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2));

    private final ExecutionService executions;
    private final ExecutionStore store;
    private final OwnerForwarder forwarder;
    private final JsonMapper json = JsonMapper.builder().build();

    EventFollower(ExecutionService executions, ExecutionStore store, OwnerForwarder forwarder) {
        this.executions = executions;
        this.store = store;
        this.forwarder = forwarder;
    }

    /**
     * Subscribes; 404 (invisible) and 409 (not live) are answered at once, on the caller's thread. Returns how to
     * unsubscribe.
     */
    Runnable follow(String id, SymbiaPrincipal principal, OwnerForwarder.Caller caller, EventHub.EventSink sink) {
        Execution here;
        try {
            here = executions.liveVisible(id, principal);
        } catch (ExecutionService.OwnedElsewhere elsewhere) {
            if (caller.forwarded()) {
                throw ExecutionService.unavailable("Execution ownership is changing between replicas; retry shortly.");
            }
            Thread relay = Thread.ofVirtual().name("runtime-follow-" + id).start(() -> relay(id, elsewhere.url, caller, sink));
            return relay::interrupt;
        }
        return executions.subscribe(here, sink);
    }

    private void relay(String id, String ownerUrl, OwnerForwarder.Caller caller, EventHub.EventSink sink) {
        String url = ownerUrl;
        for (int attempt = 1; !Thread.currentThread().isInterrupted(); attempt++) {
            if (url != null) {
                if (stream(id, url, caller, sink)) {
                    return; // the execution ended, or the subscriber left
                }
                attempt = 1;
            }
            try {
                Thread.sleep(BACKOFF.apply(attempt));
            } catch (InterruptedException e) {
                return;
            }
            try {
                executions.subscribe(executions.placed(id), sink);
                return; // it runs here now: the local room carries on
            } catch (ExecutionService.OwnedElsewhere elsewhere) {
                url = elsewhere.url;
            } catch (ProblemException e) {
                if (e.getStatusCode().value() == 409) {
                    store.find(id, java.util.List.of(), true).ifPresent(row -> {
                        Map.Entry<String, Map<String, Object>> last = ExecutionService.finalEvent(row, json);
                        sink.send(last.getKey(), last.getValue());
                    });
                    sink.complete();
                    return;
                }
                url = null; // changing hands: look again shortly
            }
        }
    }

    /** Relays the owner's stream; true when it is over for good (final event, or the subscriber left). */
    private boolean stream(String id, String url, OwnerForwarder.Caller caller, EventHub.EventSink sink) {
        try {
            var request = forwarder.request(caller, url, "/api/executions/" + id + "/events")
                    .header("Accept", "text/event-stream").GET().build();
            HttpResponse<InputStream> response = forwarder.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                return false;
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String event = null;
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5));
                    } else if (line.isEmpty() && event != null) {
                        if (!sink.send(event, json.readTree(data.toString()))) {
                            return true;
                        }
                        if (event.equals("execution:completed") || event.equals("execution:failed")) {
                            sink.complete();
                            return true;
                        }
                        event = null;
                        data.setLength(0);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (Exception e) {
            log.debug("Event stream of {} from {} broke: {}", id, url, e.toString());
        }
        return false;
    }
}
