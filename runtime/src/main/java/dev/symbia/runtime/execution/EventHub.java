package dev.symbia.runtime.execution;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Live execution events over SSE, one room per execution (the reference's Socket.IO rooms {@code execution:<id>}). */
@Component
class EventHub {

    private final Map<String, List<SseEmitter>> rooms = new ConcurrentHashMap<>();

    SseEmitter subscribe(String executionId, String event, Object initial) {
        SseEmitter emitter = new SseEmitter(0L);
        List<SseEmitter> room = rooms.computeIfAbsent(executionId, id -> new CopyOnWriteArrayList<>());
        room.add(emitter);
        Runnable leave = () -> room.remove(emitter);
        emitter.onCompletion(leave);
        emitter.onTimeout(leave);
        emitter.onError(e -> leave.run());
        send(emitter, room, event, initial);
        return emitter;
    }

    boolean watched(String executionId) {
        List<SseEmitter> room = rooms.get(executionId);
        return room != null && !room.isEmpty();
    }

    void publish(String executionId, String event, Object data) {
        List<SseEmitter> room = rooms.get(executionId);
        if (room == null) {
            return;
        }
        for (SseEmitter emitter : room) {
            send(emitter, room, event, data);
        }
    }

    /** Ends every stream of an execution (it stopped). */
    void close(String executionId) {
        List<SseEmitter> room = rooms.remove(executionId);
        if (room != null) {
            room.forEach(SseEmitter::complete);
        }
    }

    private static void send(SseEmitter emitter, List<SseEmitter> room, String event, Object data) {
        try {
            synchronized (emitter) {
                emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
            }
        } catch (IOException | IllegalStateException e) {
            room.remove(emitter);
        }
    }
}
