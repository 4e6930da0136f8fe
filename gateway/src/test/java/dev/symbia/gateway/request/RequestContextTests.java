package dev.symbia.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.SymbiaService;
import dev.symbia.core.TraceParent;
import dev.symbia.gateway.support.FakeService;
import dev.symbia.gateway.support.GatewayTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestContextTests extends GatewayTestSupport {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String INCOMING = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @Test
    void keepsTheCallersRequestIdForwardsItAndEchoesItOnce() throws Exception {
        HttpResponse<String> response = send(request("/api/messaging/conversations")
                .header("X-Request-Id", "web-7f3a:42").GET().build());

        assertThat(UPSTREAMS.get(SymbiaService.MESSAGING).takeRequest().header("X-Request-Id")).isEqualTo("web-7f3a:42");
        // The fake echoes the id too, as a real service does: the client must still see one header.
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly("web-7f3a:42");
    }

    @Test
    void neverForwardsTheServicesInternalHeaders() throws Exception {
        send(request("/api/network/registry/nodes")
                .header("X-Symbia-Principal", "service:identity")
                .header("x-symbia-capabilities", "cap:network.nodes.admin")
                .header("X-Symbia-User-Id", "someone-else")
                .header("X-Org-Id", "org-1")
                .GET().build());

        var received = UPSTREAMS.get(SymbiaService.NETWORK).takeRequest();
        assertThat(received.header("X-Symbia-Principal")).isNull();
        assertThat(received.header("X-Symbia-Capabilities")).isNull();
        assertThat(received.header("X-Symbia-User-Id")).isNull();
        assertThat(received.header("X-Org-Id")).isEqualTo("org-1");
    }

    @Test
    void mintsARequestIdWhenAbsentAndForwardsTheSameOne() throws Exception {
        HttpResponse<String> response = get("/api/messaging/conversations");

        String forwarded = UPSTREAMS.get(SymbiaService.MESSAGING).takeRequest().header("X-Request-Id");
        assertThat(forwarded).matches("[0-9a-f-]{36}");
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly(forwarded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"has spaces", "<script>", "ThisIdIsFarTooLongToBeLoggedSafely-ThisIdIsFarTooLongToBeLoggedSafely-"
            + "ThisIdIsFarTooLongToBeLoggedSafely-ThisIdIsFarTooLongToBeLoggedSafely"})
    void replacesAnUnsafeRequestId(String unsafe) throws Exception {
        HttpResponse<String> response = send(request("/api/messaging/conversations").header("X-Request-Id", unsafe).GET().build());

        String forwarded = UPSTREAMS.get(SymbiaService.MESSAGING).takeRequest().header("X-Request-Id");
        assertThat(forwarded).isNotEqualTo(unsafe).matches("[0-9a-f-]{36}");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue(forwarded);
    }

    @Test
    void gatewayErrorsCarryTheRequestIdToo() throws Exception {
        HttpResponse<String> response = send(request("/api/nowhere/x").header("X-Request-Id", "abc-123").GET().build());

        assertThat(response.headers().allValues("X-Request-Id")).containsExactly("abc-123");
        assertThat(json(response.body()).path("requestId").asString()).isEqualTo("abc-123");
    }

    @Test
    void forwardsAChildOfTheCallersTraceparent() throws Exception {
        send(request("/api/runtime/graphs").header("traceparent", INCOMING).header("tracestate", "vendor=1").GET().build());

        FakeService.Received received = UPSTREAMS.get(SymbiaService.RUNTIME).takeRequest();
        TraceParent forwarded = TraceParent.parse(received.header("traceparent")).orElseThrow();
        assertThat(forwarded.traceId()).isEqualTo(TRACE_ID);
        assertThat(forwarded.parentId()).isNotEqualTo("00f067aa0ba902b7");
        assertThat(forwarded.flags()).isEqualTo("01");
        assertThat(received.header("tracestate")).isEqualTo("vendor=1");
    }

    @Test
    void mintsATraceparentWhenAbsent() throws Exception {
        get("/api/runtime/graphs");

        String forwarded = UPSTREAMS.get(SymbiaService.RUNTIME).takeRequest().header("traceparent");
        assertThat(TraceParent.parse(forwarded)).isPresent();
    }

    @Test
    void replacesAnInvalidTraceparentAndDropsItsTracestate() throws Exception {
        String invalid = "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01";
        send(request("/api/runtime/graphs").header("traceparent", invalid).header("tracestate", "vendor=1").GET().build());

        FakeService.Received received = UPSTREAMS.get(SymbiaService.RUNTIME).takeRequest();
        TraceParent forwarded = TraceParent.parse(received.header("traceparent")).orElseThrow();
        assertThat(forwarded.traceId()).isNotEqualTo("0".repeat(32));
        assertThat(received.header("tracestate")).isNull();
    }
}
