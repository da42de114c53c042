package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On a virtual clock: each item takes its worker half a second. */
class ProducerConsumerTest {

  @Test
  void theFullQueueHoldsTheProducerBackUntilAWorkerTakesAnItem() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<String> lines = Stdout.captureTimed(loop, () -> ProducerConsumer.run(loop));
    assertEquals(
        List.of(
            // two slots: the producer fills them and waits on the third put
            "t=0.0 produced item-1",
            "t=0.0 produced item-2",
            "t=0.0 worker-1 got item-1",
            "t=0.0 worker-2 got item-2",
            // the two gets freed both slots: the producer runs on until the queue is full again
            "t=0.0 produced item-3",
            "t=0.0 produced item-4",
            "t=0.5 worker-1 got item-3",
            "t=0.5 worker-2 got item-4",
            "t=0.5 produced item-5",
            "t=0.5 produced item-6",
            "t=1.0 worker-1 got item-5",
            "t=1.0 worker-2 got item-6",
            // join() returns once the last taskDone() is called
            "t=1.5 all 6 items processed at 1.5 s",
            // shutdown() wakes both workers' gets with QueueShutDown: they return their counts
            "t=1.5 worker-1 processed 3, worker-2 processed 3"),
        lines);
  }
}
