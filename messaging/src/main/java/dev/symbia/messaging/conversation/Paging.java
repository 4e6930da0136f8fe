package dev.symbia.messaging.conversation;

import dev.symbia.web.body.RequestBodies;

/** A validated {@code limit}/{@code offset} pair of a list endpoint. */
public record Paging(int limit, int offset) {

    /** Most rows a caller may skip: deeper pages are a sign of scraping, not of a person reading. */
    static final int MAX_OFFSET = 100_000;

    /** {@code limit} defaults to {@code defaultLimit}; out-of-range values are a 400 naming the parameter. */
    public static Paging of(Integer limit, Integer offset, int defaultLimit, int maxLimit) {
        int l = limit == null ? defaultLimit : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > maxLimit) {
            throw RequestBodies.invalidField("limit", "must be between 1 and " + maxLimit);
        }
        if (o < 0 || o > MAX_OFFSET) {
            throw RequestBodies.invalidField("offset", "must be between 0 and " + MAX_OFFSET);
        }
        return new Paging(l, o);
    }
}
