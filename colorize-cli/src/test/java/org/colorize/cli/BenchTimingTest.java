package org.colorize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The timing policy of {@code colorize bench}: warm-up calls, first call, median, per-call times. */
class BenchTimingTest {

    @Test
    void timesWarmUpCallsThenEachTimedCall() {
        int[] calls = {0};
        BenchCommand.Timing t = BenchCommand.time(() -> calls[0]++, 2, 3);
        assertEquals(5, calls[0]);
        assertEquals(3, t.times().length);
        assertTrue(t.first() >= 0);
        // without a warm-up the first call is the first timed one
        BenchCommand.Timing cold = BenchCommand.time(() -> calls[0]++, 0, 1);
        assertEquals(cold.times()[0], cold.first());
    }

    @Test
    void medianIsTheMiddleTimeAndJsonKeepsTheOrder() {
        BenchCommand.Timing t = new BenchCommand.Timing(0.5, new double[] {0.3, 0.1, 0.2});
        assertEquals(0.2, t.median());
        assertEquals("\"first_s\":0.50000,\"times_s\":[0.30000,0.10000,0.20000]", t.json());
        // an even count takes the upper of the two middle times
        assertEquals(3.0, new BenchCommand.Timing(9, new double[] {4, 1, 3, 2}).median());
    }
}
