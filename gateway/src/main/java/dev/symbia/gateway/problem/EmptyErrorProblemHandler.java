package dev.symbia.gateway.problem;

import dev.symbia.core.ProblemTypes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the error answers written below Spring — an empty 400 for a request line or URI Netty or
 * Spring cannot parse ({@code {}}, {@code \} in the path), 414 for a URI over Netty's line limit, 431
 * for oversized headers — into the platform's problem+json, with a request id like every other answer.
 * It acts only on a response of status 400 or more that declares an empty body and no content type, so
 * the gateway's own problems and whatever a service answers pass untouched; never on a HEAD.
 */
final class EmptyErrorProblemHandler extends ChannelDuplexHandler {

    static final String NAME = "symbia.emptyErrorProblems";
    static final String REQUEST_ID = "X-Request-Id";

    private final JsonMapper json;
    private boolean head;
    private byte[] pendingBody;

    EmptyErrorProblemHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            head = HttpMethod.HEAD.equals(request.method());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (pendingBody != null && msg instanceof LastHttpContent last && !last.content().isReadable()) {
            LastHttpContent withBody = new DefaultLastHttpContent(Unpooled.wrappedBuffer(pendingBody));
            withBody.trailingHeaders().set(last.trailingHeaders());
            pendingBody = null;
            last.release();
            super.write(ctx, withBody, promise);
            return;
        }
        pendingBody = null;
        if (msg instanceof HttpResponse response && needsProblem(response)) {
            HttpHeaders headers = response.headers();
            String requestId = headers.get(REQUEST_ID);
            if (requestId == null) {
                requestId = UUID.randomUUID().toString();
                headers.set(REQUEST_ID, requestId);
            }
            byte[] body = problem(response.status().code(), requestId);
            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
            headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            if (msg instanceof FullHttpResponse full) {
                if (full.content().isReadable()) {
                    super.write(ctx, msg, promise);
                    return;
                }
                FullHttpResponse replaced = full.replace(Unpooled.wrappedBuffer(body));
                full.release();
                super.write(ctx, replaced, promise);
                return;
            }
            pendingBody = body; // the body follows as the (empty) last content
        }
        super.write(ctx, msg, promise);
    }

    private boolean needsProblem(HttpResponse response) {
        HttpHeaders headers = response.headers();
        return !head && response.status().code() >= 400 && !headers.contains(HttpHeaderNames.CONTENT_TYPE)
                && "0".equals(headers.get(HttpHeaderNames.CONTENT_LENGTH));
    }

    private byte[] problem(int status, String requestId) {
        HttpStatus known = HttpStatus.resolve(status);
        String code = ProblemTypes.forStatus(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = switch (status) {
            case 400 -> "The request line, path or headers could not be read.";
            case 414 -> "The request URI is longer than the gateway accepts.";
            case 431 -> "The request headers are larger than the gateway accepts.";
            default -> "The gateway could not process this request (" + status + ").";
        };
        return json.writeValueAsBytes(new Problem(ProblemTypes.uri(code), title, status, detail, null, code, requestId));
    }
}
