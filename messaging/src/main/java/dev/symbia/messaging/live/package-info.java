/**
 * Live delivery of conversation events: the WebSocket {@code /api/ws}, the SSE feed
 * {@code /api/conversations/{id}/events}, and the fan-out between replicas through PostgreSQL
 * LISTEN/NOTIFY (libs/db's {@code PostgresNotifications}).
 *
 * <p>Other packages publish a {@link dev.symbia.messaging.live.ConversationEvent} with Spring's
 * {@code ApplicationEventPublisher} (inside their transaction or not); {@code LiveHub} delivers it after commit
 * to the conversation's subscribers on every replica, once per replica, and republishes it in-process as
 * {@link dev.symbia.messaging.live.ConversationEventReceived} on each.
 *
 * <h2>WebSocket protocol (JSON text frames; the reference's Socket.IO events)</h2>
 * <ul>
 *   <li>Authentication at the upgrade: {@code Authorization: Bearer}, {@code X-API-Key}, the {@code token}
 *       cookie, or {@code ?access_token=} (browsers); {@code X-Org-Id} picks the org. Without a principal the
 *       upgrade is answered 401 problem+json; the principal must be a libs/auth {@code Caller} (a user or agent
 *       in an org), else the upgrade gets that problem too (a service 403, no org 400).</li>
 *   <li>Server → client: {@code {"event":"<name>","data":<payload>}} — {@code message:new},
 *       {@code message:updated}, control events ({@code stream.*}), {@code typing:started|stopped} and
 *       {@code participant:online|offline} ({@code {conversationId, principalId, principalType}}, never about
 *       oneself), {@code error} ({@code {code, message}}) and {@code pong}.</li>
 *   <li>Client → server: {@code {"event":"<name>","data":…,"ack":<n>?}}; with {@code ack} the answer is
 *       {@code {"ack":<n>,"data":{"success":true|false,"error"?}}}. Events: {@code join:conversation} and
 *       {@code leave:conversation} (data: the id, or {@code {conversationId}}), {@code typing:start|stop},
 *       {@code ping}. A socket receives every conversation of its org it takes part in from the start.</li>
 *   <li>A client that falls behind by more than the send buffer is closed with 1013 (try again later);
 *       the server pings every heartbeat.</li>
 * </ul>
 *
 * <h2>SSE</h2>
 * Frames {@code id:} (durable events: the {@code live_events} id), {@code event:}, {@code data:}; resume with
 * {@code Last-Event-ID} (or {@code ?lastEventId=}) within the retention; {@code : ping} every heartbeat.
 */
@NullMarked
package dev.symbia.messaging.live;

import org.jspecify.annotations.NullMarked;
