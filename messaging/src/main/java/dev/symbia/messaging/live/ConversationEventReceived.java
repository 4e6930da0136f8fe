package dev.symbia.messaging.live;

/**
 * A {@link ConversationEvent} as this replica delivered it: published in-process once per replica for
 * every event, whichever replica it was published on, so a package can react to a control event wherever
 * the affected work runs (the chat stream cancelling a reply on {@code stream.cancel}).
 *
 * <p>Published on the live hub's own thread, after the originating transaction committed and outside any
 * transaction: listeners that write open their own. An event from another replica carries its payload as a
 * {@code tools.jackson.databind.JsonNode} (the original object is not available there).
 *
 * @param event the event
 * @param id    its {@code live_events} id (the SSE event id) when durable, 0 when ephemeral
 */
public record ConversationEventReceived(ConversationEvent event, long id) {
}
