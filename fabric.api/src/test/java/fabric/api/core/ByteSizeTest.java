package fabric.api.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void parsesBinaryAndDecimalUnits() {
        assertEquals(4096, ByteSize.parse("4096").bytes());
        assertEquals(512L << 30, ByteSize.parse("512GiB").bytes());
        assertEquals(1_920_000_000_000L, ByteSize.parse("1.92TB").bytes());
        assertEquals(3L << 39, ByteSize.parse(" 1.5 tib ").bytes());
    }

    @Test
    void rejectsWhatIsNotASize() {
        assertEquals("'12 furlongs' is not a size (examples: 4096, 512GiB, 1.92TB)",
                assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("12 furlongs")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("-1GiB"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("9000PiB"));
        assertThrows(IllegalArgumentException.class, () -> new ByteSize(-1));
    }

    @Test
    void printsTheLargestWholeBinaryUnit() {
        assertEquals("512 GiB", ByteSize.ofGiB(512).toString());
        assertEquals("1.5 TiB", ByteSize.parse("1.5TiB").toString());
        assertEquals("100 B", ByteSize.ofBytes(100).toString());
    }
}
