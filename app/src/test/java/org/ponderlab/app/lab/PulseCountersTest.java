package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The long-gap line of {@code lab --measure-ui}: each counter's difference, in its place. */
class PulseCountersTest {
  @Test
  void aGapIsSplitIntoWorkWaitingRendererAndGc() {
    PulseCounters before =
        new PulseCounters(
            1_000_000_000L, 500_000_000L, 70_000_000L, 40, 900, 5_000_000_000L, 80_000, 20_000);
    PulseCounters after =
        new PulseCounters(
            1_012_400_000L, 537_000_000L, 74_000_000L, 49, 960, 5_090_000_000L, 80_150, 20_050);
    String line = after.since(before);
    assertTrue(
        line.startsWith(
            "FX thread CPU 12 ms, FX thread waiting for a CPU 37 ms, renderer CPU 4 ms, GC 9 ms,"
                + " JIT 60 ms, Java threads' CPU 90 ms, CPUs busy 150 ms, idle 50 ms;"),
        line);
  }

  @Test
  void procStatsFirstLineSplitsIntoBusyAndIdleTicks() {
    long[] t = PulseCounters.ticks("cpu  2988080 4077475 1146746 1217893 7407 0 13328 5 7 9");
    assertEquals(2988080L + 4077475 + 1146746 + 13328 + 5, t[0]);
    assertEquals(1217893L + 7407, t[1]);
  }

  @Test
  void withoutSchedstatTheWaitIsUnknown() {
    PulseCounters before = new PulseCounters(0, -1, 0, 0, 0, 0, -1, -1);
    PulseCounters after = new PulseCounters(2_000_000L, -1, 0, 0, 0, 0, -1, -1);
    assertTrue(after.since(before).contains("waiting for a CPU unknown"), after.since(before));
    assertTrue(after.since(before).contains("the machine unknown"), after.since(before));
  }

  @Test
  void onLinuxTheCountersAreReadAndOnlyGrow() throws Exception {
    PulseCounters first = PulseCounters.read(-1);
    double x = 0;
    for (int i = 0; i < 2_000_000; i++) {
      x += Math.sqrt(i);
    }
    PulseCounters second = PulseCounters.read(-1);
    assertTrue(x > 0);
    assertTrue(second.fxCpuNanos() > first.fxCpuNanos(), "this thread's CPU time grew");
    if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/thread-self/schedstat"))) {
      assertTrue(
          first.fxRunQueueNanos() >= 0 && second.fxRunQueueNanos() >= first.fxRunQueueNanos());
    }
    assertTrue(second.gcMillis() >= first.gcMillis());
    assertTrue(
        second.javaThreadsCpuNanos() >= second.fxCpuNanos(),
        "every Java thread's CPU includes this one's (read after it)");
    if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/stat"))) {
      assertTrue(first.cpusBusyMillis() > 0 && second.cpusBusyMillis() >= first.cpusBusyMillis());
    }
  }
}
