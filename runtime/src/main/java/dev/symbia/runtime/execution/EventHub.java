package dev.symbia.runtime.execution;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Live execution events, one room per execution (the reference's Socket.IO rooms {@code execution:<id>}); the
 * transports (SSE, WebSocket, a stream followed from the owning replica) are {@link EventSink}s.
 */
@Component
class EventHub {

    /** One subscriber's transport. */
    interface EventSink {
        /** Sends one event; false when the subscriber is gone (it leaves the room). */
        boolean send(String event, Object data);

        /** The execution stopped, failed or left this replica: the stream ends. */
        void complete();
    }

    private final Map<String, List<EventSink>> rooms = new ConcurrentHashMap<>();

    /** Joins the room and sends the initial event to this subscriber only; returns how to leave. */
    Runnable subscribe(String executionId, EventSink sink, String event, Object initial) {
        List<EventSink> room = rooms.computeIfAbsent(executionId, id -> new CopyOnWriteArrayList<>());
        room.add(sink);
        if (!sink.send(event, initial)) {
            room.remove(sink);
        }
        return () -> room.remove(sink);
    }

    boolean watched(String executionId) {
        List<EventSink> room = rooms.get(executionId);
        return room != null && !room.isEmpty();
    }

    void publish(String executionId, String event, Object data) {
        List<EventSink> room = rooms.get(executionId);
        if (room == null) {
            return;
        }
        for (EventSink sink : room) {
            if (!sink.send(event, data)) {
                room.remove(sink);
            }
        }
    }

    /** Ends every stream of an execution (it stopped, failed, or this replica lost it). */
    void close(String executionId) {
        List<EventSink> room = rooms.remove(executionId);
        if (room != null) {
            room.forEach(EventSink::complete);
        }
    }
}
