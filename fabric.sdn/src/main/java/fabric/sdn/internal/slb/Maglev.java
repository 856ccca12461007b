package fabric.sdn.internal.slb;

import java.util.Arrays;

/**
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016): a lookup table of prime size M in which
 * every backend owns about M/N entries. Each backend has its own permutation of the entries
 * ({@code offset + j * skip mod M}, offset and skip from two hashes of its name); a build lets the
 * backends take turns claiming the next free entry of their permutation. The backends are sorted by
 * name first, so a build depends only on the set of backends.
 *
 * <p>A fresh build after one backend leaves moves more than that backend's flows (at M = 65537 and
 * N = 1000 about 6.7/N of the table, the trade-off the paper describes for small M/N). A pool change
 * therefore updates the table in place instead ({@link #without}, {@link #with}): only the leaving
 * backend's entries are handed out again, and a joining backend takes only its share, each time in
 * the backends' own permutation order and within their quota, so the table stays balanced and moves
 * the minimum, 1/N. Muxes that apply the same pool changes in the same order (the controller's
 * versioned policy) hold the same table.
 */
public final class Maglev {

    /** The table size the fabric uses: a prime well above 60 x the largest backend pool. */
    public static final int TABLE_SIZE = 65537;

    private final String[] backends;
    private final int[] table;

    private Maglev(String[] backends, int[] table) {
        this.backends = backends;
        this.table = table;
    }

    /** @return the backends, sorted by name; {@link #entries()} refers to them by index */
    public String[] backends() {
        return backends.clone();
    }

    /** @return the table: for each entry, the index of its backend in {@link #backends()} (a copy) */
    public int[] entries() {
        return table.clone();
    }

    /**
     * @param flowHash a flow's hash
     * @return the flow's backend index into {@link #backends()}
     */
    public int lookup(int flowHash) {
        return table[Integer.remainderUnsigned(flowHash, table.length)];
    }

    /**
     * @param flowHash a flow's hash
     * @return the flow's backend
     */
    public String backendOf(int flowHash) {
        return backends[lookup(flowHash)];
    }

    /**
     * Builds a table from scratch.
     *
     * @param names the backends' names, at least one, no duplicates
     * @param size the table size, a prime larger than the number of backends
     * @return the table
     */
    public static Maglev build(String[] names, int size) {
        String[] sorted = sorted(names, size);
        int n = sorted.length;
        int[] pos = new int[n];
        int[] skip = new int[n];
        for (int k = 0; k < n; k++) {
            pos[k] = offset(sorted[k], size);
            skip[k] = skip(sorted[k], size);
        }
        int[] table = new int[size];
        Arrays.fill(table, -1);
        int filled = 0;
        while (true) {
            for (int k = 0; k < n; k++) {
                int c = pos[k];
                while (table[c] >= 0) {
                    c += skip[k];
                    if (c >= size) {
                        c -= size;
                    }
                }
                table[c] = k;
                c += skip[k];
                pos[k] = c >= size ? c - size : c;
                if (++filled == size) {
                    return new Maglev(sorted, table);
                }
            }
        }
    }

    /**
     * The table after a backend leaves: its entries go, in turns, to the remaining backends' next
     * preferred freed entries, none beyond its quota of ceil(M / (N - 1)). No other entry changes.
     *
     * @param name the leaving backend
     * @return the new table
     */
    public Maglev without(String name) {
        int gone = Arrays.binarySearch(backends, name);
        if (gone < 0) {
            throw new IllegalArgumentException("no backend " + name);
        }
        if (backends.length == 1) {
            throw new IllegalArgumentException("the last backend cannot leave");
        }
        int size = table.length;
        int n = backends.length - 1;
        String[] rest = new String[n];
        int[] remap = new int[backends.length];
        for (int k = 0, j = 0; k < backends.length; k++) {
            remap[k] = k == gone ? -1 : j;
            if (k != gone) {
                rest[j++] = backends[k];
            }
        }
        int[] next = new int[size];
        int[] count = new int[n];
        int free = 0;
        for (int e = 0; e < size; e++) {
            next[e] = remap[table[e]];
            if (next[e] < 0) {
                free++;
            } else {
                count[next[e]]++;
            }
        }
        fill(rest, next, count, free, (size + n - 1) / n);
        return new Maglev(rest, next);
    }

    /**
     * The table after a backend joins: it takes entries in its permutation order from backends
     * above the new quota of floor(M / (N + 1)) until it holds that quota. No other entry changes.
     *
     * @param name the joining backend
     * @return the new table
     */
    public Maglev with(String name) {
        if (Arrays.binarySearch(backends, name) >= 0) {
            throw new IllegalArgumentException("backend " + name + " is already in the pool");
        }
        int size = table.length;
        String[] all = Arrays.copyOf(backends, backends.length + 1);
        all[backends.length] = name;
        Arrays.sort(all);
        if (all.length >= size) {
            throw new IllegalArgumentException("the table holds at most " + (size - 1) + " backends");
        }
        int joined = Arrays.binarySearch(all, name);
        int n = all.length;
        int[] next = new int[size];
        int[] count = new int[n];
        for (int e = 0; e < size; e++) {
            int old = table[e];
            next[e] = old >= joined ? old + 1 : old;
            count[next[e]]++;
        }
        int quota = size / n;
        int c = offset(name, size);
        int skip = skip(name, size);
        while (count[joined] < quota) {
            int owner = next[c];
            if (owner != joined && count[owner] > quota) {
                count[owner]--;
                next[c] = joined;
                count[joined]++;
            }
            c += skip;
            if (c >= size) {
                c -= size;
            }
        }
        return new Maglev(all, next);
    }

    /** Hands the free entries (-1) out in turns, each backend to its next preferred free entry, up to the quota. */
    private static void fill(String[] names, int[] table, int[] count, int free, int quota) {
        int size = table.length;
        int n = names.length;
        int[] pos = new int[n];
        int[] skip = new int[n];
        for (int k = 0; k < n; k++) {
            pos[k] = offset(names[k], size);
            skip[k] = skip(names[k], size);
        }
        while (free > 0) {
            for (int k = 0; k < n && free > 0; k++) {
                if (count[k] >= quota) {
                    continue;
                }
                int c = pos[k];
                while (table[c] >= 0) {
                    c += skip[k];
                    if (c >= size) {
                        c -= size;
                    }
                }
                table[c] = k;
                count[k]++;
                free--;
                c += skip[k];
                pos[k] = c >= size ? c - size : c;
            }
        }
    }

    private static String[] sorted(String[] names, int size) {
        int n = names.length;
        if (n == 0 || n >= size) {
            throw new IllegalArgumentException("Maglev needs 1 to " + (size - 1) + " backends, got " + n);
        }
        String[] sorted = names.clone();
        Arrays.sort(sorted);
        for (int k = 1; k < n; k++) {
            if (sorted[k].equals(sorted[k - 1])) {
                throw new IllegalArgumentException("backend " + sorted[k] + " is listed twice");
            }
        }
        return sorted;
    }

    private static int offset(String name, int size) {
        return (int) Long.remainderUnsigned(hash(name, 0x5A17_0FF5_E7L), size);
    }

    private static int skip(String name, int size) {
        return (int) Long.remainderUnsigned(hash(name, 0x00C0_FFEE_5C1BL), size - 1) + 1;
    }

    /**
     * A 64-bit hash of a name (FNV-1a over its chars, then a murmur3 finalizer).
     *
     * @param name the name
     * @param seed distinguishes the two hashes Maglev needs
     * @return the hash
     */
    static long hash(String name, long seed) {
        long h = 0xCBF2_9CE4_8422_2325L ^ seed;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x0000_0100_0000_01B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        return h ^ (h >>> 33);
    }
}
