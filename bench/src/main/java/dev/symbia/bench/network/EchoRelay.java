package dev.symbia.bench.network;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.apache.tomcat.websocket.server.WsSci;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The baseline of {@link NetworkRoutingBench}: the thinnest relay that speaks the same protocol on
 * the same server stack (Tomcat's WebSocket, virtual-thread connector, one JVM pinned to the same
 * core). It answers {@code register} with {@code registered}, and for each {@code publish} writes
 * the envelope as an {@code event} frame to the socket of its target (or of the node given on the
 * command line), then acks the sender — the network's frame flow, without its work: no signature
 * check, no database, no contracts or policies, no trace. The difference between the two is what
 * the network adds.
 *
 * <p>{@code java -cp benchmarks.jar dev.symbia.bench.network.EchoRelay <port> <default-target-node>}
 */
public final class EchoRelay {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Map<String, Session> NODES = new ConcurrentHashMap<>();
    private static volatile String defaultTarget;

    private EchoRelay() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        defaultTarget = args[1];
        Path base = Files.createTempDirectory("echo-relay");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        // As the services run (spring.threads.virtual.enabled=true): request handling on virtual threads.
        connector.getProtocolHandler().setExecutor(new VirtualThreadExecutor("echo-relay-"));
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "ready", new Ready());
        context.addServletMappingDecoded("/", "ready");
        context.addServletContainerInitializer(new WsSci(), null);
        ((StandardContext) context).addApplicationLifecycleListener(new Deploy());
        tomcat.start();
        System.out.println("echo relay listening on 127.0.0.1:" + port + ", default target " + defaultTarget);
        tomcat.getServer().await();
    }

    /** 200 at {@code /health/ready} (how the bench waits for its children), 404 elsewhere. */
    static final class Ready extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus("/health/ready".equals(request.getRequestURI()) ? 200 : 404);
            response.getWriter().write("{}");
        }
    }

    /** Registers the socket endpoint at the network's path once the WebSocket container exists. */
    static final class Deploy implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServerContainer container = (ServerContainer) event.getServletContext().getAttribute(ServerContainer.class.getName());
            container.setDefaultMaxTextMessageBufferSize(1024 * 1024); // as the network's SocketConfiguration
            try {
                // Like the network (issue 26), no permessage-deflate: the same stack, configured the same way.
                container.addEndpoint(ServerEndpointConfig.Builder.create(Socket.class, "/api/ws")
                        .configurator(new ServerEndpointConfig.Configurator() {
                            @Override
                            public List<jakarta.websocket.Extension> getNegotiatedExtensions(
                                    List<jakarta.websocket.Extension> installed, List<jakarta.websocket.Extension> requested) {
                                return List.of();
                            }
                        }).build());
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One relay socket. */
    public static final class Socket extends Endpoint {

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> frame(session, text));
        }

        @Override
        public void onClose(Session session, jakarta.websocket.CloseReason reason) {
            Object node = session.getUserProperties().get("node");
            if (node != null) {
                NODES.remove((String) node, session);
            }
        }

        private static void frame(Session session, String text) {
            JsonNode frame = MAPPER.readTree(text);
            switch (frame.path("op").asString("")) {
                case "register" -> {
                    JsonNode node = frame.get("node");
                    String id = node.path("id").asString();
                    session.getUserProperties().put("node", id);
                    NODES.put(id, session);
                    ObjectNode reply = MAPPER.createObjectNode().put("op", "registered");
                    reply.set("node", node);
                    send(session, reply);
                }
                case "publish" -> {
                    JsonNode event = frame.get("event");
                    String target = event.path("target").asString(defaultTarget);
                    Session to = NODES.get(target);
                    String status = "unrouted";
                    if (to != null) {
                        ObjectNode out = MAPPER.createObjectNode().put("op", "event");
                        out.set("event", event);
                        status = send(to, out) ? "delivered" : "error";
                    }
                    send(session, MAPPER.createObjectNode().put("op", "ack").put("ref", event.path("id").asString())
                            .put("ok", true).put("status", status));
                }
                default -> {
                    // heartbeats and anything else: nothing to do
                }
            }
        }

        /** Sessions are written from several senders' threads: one writer at a time, as the network's decorator does. */
        private static boolean send(Session session, ObjectNode frame) {
            String text = MAPPER.writeValueAsString(frame);
            synchronized (session) {
                try {
                    session.getBasicRemote().sendText(text);
                    return true;
                } catch (IOException | IllegalStateException e) {
                    return false;
                }
            }
        }
    }
}
