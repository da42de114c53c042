package io.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Sanity checks, not timings: both sides of each synchronization workload hand over every item
 * and count every acquisition, so {@link SyncBenchmark} compares two working things.
 */
class SyncWorkloadsTest {
  private static final int N = 10_000;
  private static final long SUM = (long) N * (N - 1) / 2;

  @Test
  void everyItemCrossesTheWeftQueueOnceWhateverItsCapacity() {
    assertEquals(SUM, SyncWorkloads.queueWeft(N, 1));
    assertEquals(SUM, SyncWorkloads.queueWeft(N, 1024));
  }

  @Test
  void theTokenCrossesTheTwoQueuesEveryRound() {
    assertEquals(2 * 1000 - 1, SyncWorkloads.pingPongQueues(1000));
  }

  @Test
  void everyAcquisitionOfTheWeftLockCountsOnce() {
    assertEquals(200 * 7, SyncWorkloads.lockWeft(200, 7));
  }

  @Test
  void theVirtualThreadSidesDoTheSameWork() {
    assumeTrue(Loom.available(), "virtual threads need JDK 21+");
    assertEquals(SUM, SyncWorkloads.queueLoom(N, 1));
    assertEquals(200 * 7, SyncWorkloads.lockLoom(200, 7));
  }
}
