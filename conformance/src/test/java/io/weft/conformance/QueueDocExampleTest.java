package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.Task;
import io.weft.sync.Queue;
import io.weft.sync.QueueShutDown;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The producer/consumer example of {@code docs/queues.md}, verbatim, with its printed output:
 * the doc cannot drift from what the code does (kotlinx Knit's rule).
 */
class QueueDocExampleTest {

  // ---- docs/queues.md example begins
  @Coroutine
  static Coro<Void> producer(Queue<Integer> queue) {
    for (int i = 1; i <= 5; i++) {
      await(queue.put(i)); // waits while the queue is full
      System.out.println("put " + i);
    }
    queue.shutdown(); // no more items: consumers stop once the queue is empty
    return done();
  }

  @Coroutine
  static Coro<Void> consumer(String name, Queue<Integer> queue) {
    try {
      while (true) {
        int item = await(queue.get()); // waits while the queue is empty
        await(sleep(0.1)); // work on the item
        System.out.println(name + " did " + item);
        queue.taskDone();
      }
    } catch (QueueShutDown drained) {
      return done(); // shut down and empty
    }
  }

  @Coroutine
  static Coro<Void> main() {
    Queue<Integer> queue = new Queue<>(2);
    Task<Void> a = createTask(consumer("a", queue));
    Task<Void> b = createTask(consumer("b", queue));
    await(producer(queue));
    await(queue.join()); // every item taken and marked done
    await(gather(a, b));
    return done();
  }
  // ---- docs/queues.md example ends

  /** The example prints what docs/queues.md says it prints (on virtual time). */
  @Test
  void theDocExamplePrintsWhatTheDocSays() {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      run(main(), null, Loops::virtual);
    } finally {
      System.setOut(saved);
    }
    String expected = String.join(System.lineSeparator(),
        "put 1", "put 2", "put 3", "put 4", "a did 1", "b did 2", "put 5", "a did 3", "b did 4",
        "a did 5", "");
    assertEquals(expected, bytes.toString(StandardCharsets.UTF_8));
  }
}
