package dev.symbia.integrations.stream;

import dev.symbia.web.sse.StreamPipe;

/**
 * Hands a provider stream's events from the thread reading the provider to the thread writing the caller's
 * response: libs/web's bounded {@link StreamPipe} (back-pressure to the provider read, one terminal event that
 * always finds room, {@link #cancel()} stops the provider call), typed for {@link StreamEvent}s.
 */
public final class EventChannel extends StreamPipe<StreamEvent> {

    public EventChannel(int capacity) {
        super(capacity, StreamEvent::terminal);
    }
}
