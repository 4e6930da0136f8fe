package dev.symbia.gateway.routing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;

/**
 * On the gateway's connection to a service, for one WebSocket handshake: removes the {@code Origin}
 * Netty's handshaker invents (the service's own URL) when the client sent none — a relay is not a
 * browser, and the service must judge what the client sent — and keeps a copy of a refusal (status,
 * content type, a bounded body), which Netty's handshake exception does not carry, so the client can be
 * given the service's own answer.
 */
final class UpstreamHandshake extends ChannelDuplexHandler {

    static final String NAME = "symbia.upstreamHandshake";
    private static final int MAX_BODY_BYTES = 16 * 1024;

    /** A service's non-101 answer to the handshake. */
    record Refusal(int status, String contentType, byte[] body) {
    }

    private final boolean clientSentOrigin;
    private volatile int status;
    private volatile String contentType;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean capturing;

    UpstreamHandshake(boolean clientSentOrigin) {
        this.clientSentOrigin = clientSentOrigin;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!clientSentOrigin && msg instanceof HttpRequest request) {
            request.headers().remove(HttpHeaderNames.ORIGIN);
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpResponse response) {
            capturing = !HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status());
            if (capturing) {
                contentType = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
                status = response.status().code();
            }
        }
        if (capturing && msg instanceof HttpContent content) {
            ByteBuf bytes = content.content();
            synchronized (body) {
                int room = MAX_BODY_BYTES - body.size();
                if (room > 0) {
                    byte[] chunk = new byte[Math.min(room, bytes.readableBytes())];
                    bytes.getBytes(bytes.readerIndex(), chunk);
                    body.write(chunk, 0, chunk.length);
                }
            }
        }
        super.channelRead(ctx, msg);
    }

    /** The refusal seen, if the service answered the handshake with anything but 101. */
    Refusal refusal() {
        if (status == 0) {
            return null;
        }
        synchronized (body) {
            return new Refusal(status, contentType, body.toByteArray());
        }
    }
}
