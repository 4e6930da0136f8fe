package dev.symbia.network.routing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * A compact set of recently accepted event ids for {@link AcceptedIds}: each id is kept as a keyed 64-bit hash
 * (an open-addressing table with linear probing) plus, in arrival order, until when it matters (a ring). About
 * 40 bytes an id where a {@code ConcurrentHashMap} of strings took ~180, so a million ids fit in ~40 MB and the
 * arrays grow only as far as traffic needs. Two different ids share a hash with probability ~2⁻⁶⁴ per pair:
 * the hash is keyed per process, so nobody can aim a collision at another sender's id.
 *
 * <p>Not thread-safe: {@link AcceptedIds} holds its lock around every call.
 */
final class RecentIds {

    private static final long EMPTY = 0L;
    private static final int INITIAL = 1 << 12;

    private final int max;
    private final long seed = new SecureRandom().nextLong() | 1L;
    // hash table (power-of-two length, at most half full)
    private long[] table = new long[INITIAL * 2];
    // ring in arrival order: the hash and the stamp bound (epoch ms) of each id
    private long[] ringHash = new long[INITIAL];
    private long[] ringStamp = new long[INITIAL];
    private int head;
    private int size;

    RecentIds(int max) {
        this.max = max;
    }

    /** Adds the id unless present; false when it was. */
    boolean add(String id, long stampBound) {
        long hash = hash(id);
        int mask = table.length - 1;
        int slot = spread(hash) & mask;
        while (table[slot] != EMPTY) {
            if (table[slot] == hash) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        if (size == ringHash.length) {
            grow();
            return add(id, stampBound);
        }
        table[slot] = hash;
        int tail = (head + size) % ringHash.length;
        ringHash[tail] = hash;
        ringStamp[tail] = stampBound;
        size++;
        return true;
    }

    boolean contains(String id) {
        long hash = hash(id);
        int mask = table.length - 1;
        for (int slot = spread(hash) & mask; table[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (table[slot] == hash) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return size;
    }

    boolean full() {
        return size >= max;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The stamp bound of the oldest id (by arrival); only when not empty. */
    long oldestStamp() {
        return ringStamp[head];
    }

    /** Forgets the oldest id (by arrival); only when not empty. */
    void removeOldest() {
        long hash = ringHash[head];
        head = (head + 1) % ringHash.length;
        size--;
        delete(hash);
    }

    private void delete(long hash) {
        int mask = table.length - 1;
        int slot = spread(hash) & mask;
        while (table[slot] != hash) {
            if (table[slot] == EMPTY) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int hole = slot;
        for (int next = (hole + 1) & mask; table[next] != EMPTY; next = (next + 1) & mask) {
            int home = spread(table[next]) & mask;
            boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
            if (movable) {
                table[hole] = table[next];
                hole = next;
            }
        }
        table[hole] = EMPTY;
    }

    private void grow() {
        int capacity = ringHash.length * 2;
        long[] hashes = new long[capacity];
        long[] stamps = new long[capacity];
        for (int i = 0; i < size; i++) {
            int from = (head + i) % ringHash.length;
            hashes[i] = ringHash[from];
            stamps[i] = ringStamp[from];
        }
        ringHash = hashes;
        ringStamp = stamps;
        head = 0;
        table = new long[capacity * 2];
        int mask = table.length - 1;
        for (int i = 0; i < size; i++) {
            int slot = spread(hashes[i]) & mask;
            while (table[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            table[slot] = hashes[i];
        }
    }

    private long hash(String id) {
        // Keyed multiply-xorshift over the UTF-8 bytes, eight at a time, with a final avalanche (murmur3's fmix64).
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        long h = seed ^ bytes.length;
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            long k = 0;
            for (int b = 0; b < 8; b++) {
                k |= (bytes[i + b] & 0xFFL) << (8 * b);
            }
            h = (h ^ mix(k)) * 0x9E3779B97F4A7C15L;
        }
        long k = 0;
        for (int b = 0; i < bytes.length; i++, b++) {
            k |= (bytes[i] & 0xFFL) << (8 * b);
        }
        h = mix(h ^ mix(k ^ seed));
        return h == EMPTY ? 1L : h;
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static int spread(long hash) {
        return (int) (hash ^ (hash >>> 32));
    }
}
