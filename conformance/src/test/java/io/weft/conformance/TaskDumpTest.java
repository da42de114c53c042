package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import io.weft.management.AsyncioMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/**
 * The whole-loop task dump over JMX ({@code io.weft:type=Asyncio}): what {@code weft-tools ps}
 * and {@code pstree} read. Read through the platform MBean server, as a JMX client sees it.
 */
class TaskDumpTest {
  private static final String FILE = "TaskDumpTest.java";

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

  /** A loop running {@code worker} (leaf in middle) and {@code boss} awaiting it, on a thread. */
  private static final class Running implements AutoCloseable {
    final EventLoop loop = new EventLoop();
    final Future<Void> gate = loop.createFuture();
    final Task<Void> worker = loop.createTask(middle(gate), "worker");
    final Task<Void> boss = loop.createTask(waiter(worker), "boss");
    final Thread thread;

    Running(String threadName) throws InterruptedException {
      CountDownLatch suspended = new CountDownLatch(1);
      loop.callSoon(suspended::countDown); // after both tasks' first steps
      thread = new Thread(loop::runForever, threadName);
      thread.start();
      assertTrue(suspended.await(10, TimeUnit.SECONDS));
    }

    @Override
    public void close() throws InterruptedException {
      loop.callSoonThreadsafe(() -> {
        gate.setResult(null);
        boss.addDoneCallback(f -> loop.stop());
      });
      thread.join(10_000);
      loop.close();
    }
  }

  /**
   * A running loop is read on its own thread: each task with its state, its await chain (file
   * and line, innermost first) and the tasks awaiting it, with the awaiter's chain.
   */
  @Test
  void runningLoopIsReadOnItsThread() throws Exception {
    try (Running r = new Running("dump-running")) {
      CompositeData loop = loopOn("dump-running");
      assertEquals(true, loop.get("running"));
      assertEquals(true, loop.get("consistent"));
      CompositeData[] tasks = (CompositeData[]) loop.get("tasks");
      assertEquals(2, tasks.length, "oldest first: worker, boss");
      CompositeData worker = tasks[0];
      assertEquals("worker", worker.get("name"));
      assertEquals(id(r.worker), worker.get("id"));
      assertEquals("pending", worker.get("state"));
      assertEquals(List.of(frame("leaf", "leaf awaits the gate"),
          frame("middle", "middle awaits leaf")), List.of((String[]) worker.get("coroutineStack")));
      CompositeData[] awaiters = (CompositeData[]) worker.get("awaitedBy");
      assertEquals(1, awaiters.length);
      assertEquals("boss", awaiters[0].get("taskName"));
      assertEquals(id(r.boss), awaiters[0].get("taskId"));
      assertEquals(List.of(frame("waiter", "waiter awaits the worker")),
          List.of((String[]) awaiters[0].get("callStack")));
      CompositeData boss = tasks[1];
      assertEquals("boss", boss.get("name"));
      assertEquals(0, ((CompositeData[]) boss.get("awaitedBy")).length);
    }
  }

  /** dumpTasks(): the same snapshot as text. */
  @Test
  void dumpTasksText() throws Exception {
    try (Running r = new Running("dump-text")) {
      String all = (String) server().invoke(name(), "dumpTasks", null, null);
      int at = all.indexOf("Event loop running on thread 'dump-text'");
      assertTrue(at >= 0, all);
      int end = all.indexOf("\nEvent loop", at + 1);
      String mine = all.substring(at, end < 0 ? all.length() : end + 1);
      assertEquals("Event loop running on thread 'dump-text', 2 tasks\n"
          + "* Task(name='worker', id=0x" + Long.toHexString(id(r.worker)) + ") pending\n"
          + "  + Call stack:\n"
          + "  |   " + frame("leaf", "leaf awaits the gate") + "\n"
          + "  |   " + frame("middle", "middle awaits leaf") + "\n"
          + "  + Awaited by:\n"
          + "  |   Task(name='boss', id=0x" + Long.toHexString(id(r.boss)) + ") at "
          + frame("waiter", "waiter awaits the worker") + "\n"
          + "* Task(name='boss', id=0x" + Long.toHexString(id(r.boss)) + ") pending\n"
          + "  + Call stack:\n"
          + "  |   " + frame("waiter", "waiter awaits the worker") + "\n", mine);
    }
  }

  /**
   * A loop blocked in a callback cannot read itself: after a second the snapshot is taken from
   * the JMX thread and marked inconsistent; the tasks are still there.
   */
  @Test
  void blockedLoopGivesABestEffortSnapshot() throws Exception {
    try (Running r = new Running("dump-blocked")) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch blocking = new CountDownLatch(1);
      r.loop.callSoonThreadsafe(() -> {
        blocking.countDown();
        try {
          release.await(30, TimeUnit.SECONDS); // a callback that blocks the loop
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(blocking.await(10, TimeUnit.SECONDS));
      try {
        long start = System.nanoTime();
        CompositeData loop = loopOn("dump-blocked");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(false, loop.get("consistent"));
        assertEquals(2, ((CompositeData[]) loop.get("tasks")).length);
        assertTrue(millis >= 900 && millis < 10_000, millis + " ms");
      } finally {
        release.countDown();
      }
    }
  }

  /** A loop that ran and is not running now is read directly; a closed one is not listed. */
  @Test
  void idleLoopIsListedClosedLoopIsNot() throws Exception {
    EventLoop loop = new EventLoop();
    Future<Void> gate = loop.createFuture();
    Task<Void> t = loop.createTask(middle(gate), "idle-task");
    Loops.runBriefly(loop);
    awaitRegistered();
    CompositeData idle = null;
    for (CompositeData l : loops()) {
      for (CompositeData task : (CompositeData[]) l.get("tasks")) {
        if (task.get("id").equals(id(t))) {
          idle = l;
        }
      }
    }
    assertNotNull(idle, "the idle loop with idle-task is listed");
    assertEquals(false, idle.get("running"));
    assertEquals("", idle.get("threadName"));
    assertEquals(true, idle.get("consistent"));
    gate.setResult(null);
    loop.runUntilComplete(t);
    loop.close();
    for (CompositeData l : loops()) {
      for (CompositeData task : (CompositeData[]) l.get("tasks")) {
        assertNotEquals(id(t), task.get("id"));
      }
    }
  }

  /** Listing a loop does not keep it alive. */
  @Test
  void listedLoopIsNotKeptAlive() throws Exception {
    WeakReference<EventLoop> ref = runOnceAndDrop();
    for (int i = 0; i < 100 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertNull(ref.get(), "the loop was collected");
  }

  private static WeakReference<EventLoop> runOnceAndDrop() {
    EventLoop loop = new EventLoop();
    Loops.runBriefly(loop);
    return new WeakReference<>(loop);
  }

  // ------------------------------------------------------------------ helpers

  private static long id(Task<?> t) {
    return Integer.toUnsignedLong(System.identityHashCode(t));
  }

  private static String frame(String method, String site) {
    return "TaskDumpTest." + method + " " + FILE + ":" + Sources.lineOf(FILE, site);
  }

  private static MBeanServer server() {
    return ManagementFactory.getPlatformMBeanServer();
  }

  private static ObjectName name() throws Exception {
    return new ObjectName(AsyncioMXBean.OBJECT_NAME);
  }

  /** The MXBean is registered on a thread of its own after the first loop ran: wait for it. */
  private static void awaitRegistered() throws Exception {
    for (int i = 0; i < 1000 && !server().isRegistered(name()); i++) {
      Thread.sleep(10);
    }
    assertTrue(server().isRegistered(name()), AsyncioMXBean.OBJECT_NAME + " is registered");
  }

  private static List<CompositeData> loops() throws Exception {
    awaitRegistered();
    return Arrays.asList((CompositeData[]) server().getAttribute(name(), "EventLoops"));
  }

  private static CompositeData loopOn(String threadName) throws Exception {
    List<String> seen = new ArrayList<>();
    for (CompositeData l : loops()) {
      if (threadName.equals(l.get("threadName"))) {
        return l;
      }
      seen.add((String) l.get("threadName"));
    }
    throw new AssertionError("no loop on thread " + threadName + " among " + seen);
  }
}
