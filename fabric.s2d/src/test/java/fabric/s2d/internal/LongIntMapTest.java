package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntMapTest {

    @Test
    void behavesAsAHashMapUnderRandomPutsAndRemoves() {
        long seed = 42;
        Random r = new Random(seed);
        LongIntMap map = new LongIntMap();
        Map<Long, Integer> model = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long key = r.nextInt(5000) * 7919L + (r.nextBoolean() ? 1L << 44 : 0);
            switch (r.nextInt(3)) {
                case 0 -> {
                    int v = r.nextInt(1 << 20);
                    map.put(key, v);
                    model.put(key, v);
                }
                case 1 -> {
                    Integer old = model.remove(key);
                    assertEquals(old == null ? -1 : old, map.remove(key, -1), "seed " + seed);
                }
                default -> assertEquals(model.getOrDefault(key, -1).intValue(), map.get(key, -1), "seed " + seed);
            }
            assertEquals(model.size(), map.size());
        }
        long[] keys = map.keys();
        Arrays.sort(keys);
        assertEquals(model.keySet().stream().sorted().toList(), Arrays.stream(keys).boxed().toList());
        map.clear();
        assertEquals(0, map.size());
        assertEquals(-1, map.get(keys[0], -1));
    }
}
