package io.weft.tools;

import static io.weft.Asyncio.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import io.weft.management.AsyncioMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * The program {@link PsToolTest} runs in a JVM of its own and inspects: task {@code main} gathers
 * {@code worker} (suspended in {@code leaf} under {@code middle}) and {@code boss1} and {@code
 * boss2}, which both await {@code worker}. Prints {@code ready} and the tasks' ids once they are
 * all suspended and the MXBean is registered; ends when its standard input closes, or after a
 * minute whatever happens.
 */
public final class PsTarget {
  private PsTarget() {}

  @Coroutine
  static Coro<Void> leaf(Future<Void> gate) {
    await(gate); // site: leaf awaits the gate
    return done();
  }

  @Coroutine
  static Coro<Void> middle(Future<Void> gate) {
    await(leaf(gate)); // site: middle awaits leaf
    return done();
  }

  @Coroutine
  static Coro<Void> waiter(Task<Void> worker) {
    await(worker); // site: waiter awaits the worker
    return done();
  }

  @Coroutine
  static Coro<Void> main() {
    Task<?> me = currentTask();
    me.setName("main");
    EventLoop loop = getRunningLoop();
    Future<Void> gate = loop.createFuture();
    Task<Void> worker = createTask(middle(gate), "worker");
    Task<Void> boss1 = createTask(waiter(worker), "boss1");
    Task<Void> boss2 = createTask(waiter(worker), "boss2");
    Runnable open = () -> {
      if (!gate.done()) {
        gate.setResult(null);
      }
    };
    loop.callLater(60, open); // never outlive the test by long
    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // the test closes our stdin to end us
        }
      } catch (IOException ignored) {
        // closed either way
      }
      loop.callSoonThreadsafe(open);
    }, "stdin-watch");
    stdin.setDaemon(true);
    stdin.start();
    loop.callLater(0.05, () -> announce(loop, me, worker, boss1, boss2));
    await(gather(worker, boss1, boss2)); // site: main gathers
    return done();
  }

  /** Prints the ids once the MXBean is there (it is registered on a thread of its own). */
  private static void announce(EventLoop loop, Task<?> main, Task<?>... tasks) {
    try {
      if (!ManagementFactory.getPlatformMBeanServer().isRegistered(
          new ObjectName(AsyncioMXBean.OBJECT_NAME))) {
        loop.callLater(0.05, () -> announce(loop, main, tasks));
        return;
      }
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder line = new StringBuilder("ready main=" + id(main));
    String[] names = {"worker", "boss1", "boss2"};
    for (int i = 0; i < tasks.length; i++) {
      line.append(' ').append(names[i]).append('=').append(id(tasks[i]));
    }
    System.out.println(line);
    System.out.flush();
  }

  private static String id(Task<?> t) {
    return "0x" + Integer.toHexString(System.identityHashCode(t));
  }

  /**
   * Runs the program.
   *
   * @param args none
   */
  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].equals("no-loop")) {
      System.out.println("ready"); // a JVM that never runs an event loop
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the test closes our stdin
      }
      return;
    }
    run(main());
  }
}
