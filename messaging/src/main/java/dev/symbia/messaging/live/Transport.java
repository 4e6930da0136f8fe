package dev.symbia.messaging.live;

/** How a live connection reaches its client; the {@code transport} tag of the live metrics. */
enum Transport {
    WEBSOCKET("websocket"), SSE("sse");

    final String tag;

    Transport(String tag) {
        this.tag = tag;
    }
}
