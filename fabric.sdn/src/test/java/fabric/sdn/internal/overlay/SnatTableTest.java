package fabric.sdn.internal.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Outbound SNAT ports are held while their flows live and age out after the idle timeout. */
class SnatTableTest {

    static final int DIP = 0x0A00_000B;
    static final int VIP = 0xCB00_7109;
    static final int REMOTE = 0x0808_0808;
    static final int TCP = 6;

    long now = 1_000;
    final SnatTable table = new SnatTable(() -> now, 60_000);
    final SnatTable.Allocation range = new SnatTable.Allocation(1, VIP, 0x02_1B_CB00_7109L, 1024, 1025, 5001);

    @Test
    void aFullRangeRefusesUntilAFlowAgesOut() {
        int p1 = table.outbound(range, DIP, 50000, REMOTE, 443, TCP);
        int p2 = table.outbound(range, DIP, 50001, REMOTE, 443, TCP);
        assertNotEquals(p1, p2);
        assertEquals(-1, table.outbound(range, DIP, 50002, REMOTE, 443, TCP), "two ports, two flows");
        assertEquals(1, table.exhausted);
        // The first flow keeps talking (a reply at 50 s, a packet out at 100 s); the second falls silent.
        now += 50_000;
        assertEquals((long) DIP << 16 | 50000, table.inbound(VIP, p1, REMOTE, 443, TCP));
        now += 50_000;
        assertEquals(p1, table.outbound(range, DIP, 50000, REMOTE, 443, TCP), "a live flow keeps its port");
        assertEquals(-1, table.inbound(VIP, p2, REMOTE, 443, TCP), "a late reply to an aged flow is not translated");
        int p3 = table.outbound(range, DIP, 50002, REMOTE, 443, TCP);
        assertEquals(p2, p3, "the aged flow's port serves the new flow");
        assertEquals(1, table.aged);
        assertEquals((long) DIP << 16 | 50002, table.inbound(VIP, p3, REMOTE, 443, TCP));
        // The aged flow comes back as a new flow: no port is free now.
        assertEquals(-1, table.outbound(range, DIP, 50001, REMOTE, 443, TCP));
        now += 60_001;
        assertNotEquals(-1, table.outbound(range, DIP, 50001, REMOTE, 443, TCP), "after a full idle timeout it gets one");
    }
}
