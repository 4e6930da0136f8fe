package dev.symbia.relay;

/**
 * The wire protocol between a relay and the network, in one place for both sides.
 *
 * <p>One WebSocket per node at {@link #SOCKET_PATH}; every frame is a JSON object with an {@code op}:
 * <pre>
 * relay → network  {"op":"register","replica":"&lt;relay replica id&gt;","node":{id,name,type,capabilities,endpoint,metadata}}
 *                  {"op":"heartbeat"}
 *                  {"op":"publish","event":{…signed envelope…}}
 * network → relay  {"op":"registered","node":{…}}
 *                  {"op":"ack","ref":"&lt;event id&gt;","ok":true,"status":"delivered|unrouted|dropped|error"}
 *                  {"op":"ack","ref":"&lt;event id&gt;","ok":false,"code":"&lt;RejectionReason code&gt;","message":"…"}
 *                  {"op":"event","event":{…signed envelope…}}
 *                  {"op":"error","code":"…","message":"…"}
 * </pre>
 * {@code replica} tells replicas of one service (one node id) apart: each keeps its own socket, and the
 * network delivers each event to one of them. A relay that sends none counts as one replica (a newer socket
 * replaces the older).
 * When a node has no live socket on the routing replica, the network POSTs the envelope to the
 * node's endpoint, by convention {@link #DELIVERY_PATH} on the service.
 */
public final class RelayProtocol {

    /** The network's WebSocket endpoint, relative to its base URL. */
    public static final String SOCKET_PATH = "/api/ws";
    /** Where every relay-using service accepts HTTP deliveries from the network. */
    public static final String DELIVERY_PATH = "/api/internal/network/events";

    public static final String OP_REGISTER = "register";
    public static final String OP_REGISTERED = "registered";
    public static final String OP_HEARTBEAT = "heartbeat";
    public static final String OP_PUBLISH = "publish";
    public static final String OP_ACK = "ack";
    public static final String OP_EVENT = "event";
    public static final String OP_ERROR = "error";

    public static final String HEADER_EVENT_ID = "X-Symbia-Event-Id";
    public static final String HEADER_RUN_ID = "X-Symbia-Run-Id";

    private RelayProtocol() {
    }
}
