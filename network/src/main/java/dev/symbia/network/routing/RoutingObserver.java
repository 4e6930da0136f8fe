package dev.symbia.network.routing;

/**
 * Told of every event this replica routed, right after routing, on the routing thread (so: quick, hand real
 * work to its own thread). A plain callback rather than an application event: it runs once per event, and
 * Spring's event dispatch cost more than the watch hub's own check when nobody watches (issue 26).
 */
public interface RoutingObserver {

    void routed(EventRouted routed);
}
