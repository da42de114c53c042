package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.AsyncGenerator;
import io.weft.Clock;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.FrameCallGraphEntry;
import io.weft.Future;
import io.weft.FutureCallGraph;
import io.weft.Task;
import io.weft.TaskGroup;
import io.weft.WaitResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Async call graphs ({@code Asyncio.captureCallGraph}, {@code formatCallGraph}, {@code
 * printCallGraph}), translated from CPython 3.14's {@code Lib/test/test_asyncio/test_graph.py}.
 * Each test names the CPython test it mirrors.
 *
 * <p>Where the expected stacks differ from Python's: Weft's own coroutines ({@code TaskGroup},
 * {@code Timeout}, {@code wait}) are hand-written frames without a source line, so Python's
 * {@code _aexit}, {@code __aexit__}, {@code _wait}, {@code wait} entries are absent; the body of an
 * {@code async with} is a coroutine of its own in Java, so it appears as one; and the JUnit test
 * method is not a coroutine, so the outermost entry is the coroutine it runs.
 */
class GraphTest {
  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, () -> new EventLoop(Clock.virtual()));
  }

  /**
   * CPython's {@code capture_test_stack}: the graph as nested lists ({@code "T<name>"}, or {@code
   * "T<anon>"} for a {@code Task-N}, or {@code "F"}; the call stack as {@code "s m"} for a method,
   * {@code "a m"} for a coroutine, {@code "ag m"} for an async generator; the awaiters sorted),
   * and the printed text.
   */
  static Object[] captureTestStack(Future<?> fut, int depth) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    printCallGraph(fut, new PrintStream(buf, true, StandardCharsets.UTF_8), depth, null);
    FutureCallGraph stack = captureCallGraph(fut, depth, null);
    return new Object[] {walk(stack), buf.toString(StandardCharsets.UTF_8)};
  }

  static List<Object> walk(FutureCallGraph s) {
    List<Object> ret = new ArrayList<>();
    if (s.future() instanceof Task) {
      String n = ((Task<?>) s.future()).getName();
      ret.add(n.contains("-") ? "T<anon>" : "T<" + n + ">");
    } else {
      ret.add("F");
    }
    ret.add(s.callStack().stream().map(GraphTest::entry).collect(Collectors.toList()));
    ret.add(s.awaitedBy().stream().map(GraphTest::walk)
        .sorted(Comparator.comparing(e -> (String) e.get(0))).collect(Collectors.toList()));
    return ret;
  }

  private static String entry(FrameCallGraphEntry e) {
    String m = e.frame().getMethodName();
    switch (e.kind()) {
      case FUNCTION:
        return "s " + m;
      case COROUTINE:
        return "a " + m;
      case ASYNC_GENERATOR:
        return "ag " + m;
      default:
        return "g " + m;
    }
  }

  // ------------------------------------------------------------------ test_stack_tgroup

  static void c5(Object[][] box) {
    box[0] = captureTestStack(null, 2);
  }

  @Coroutine
  static Coro<Void> c4(Object[][] box) {
    await(sleep(0));
    c5(box);
    return done();
  }

  @Coroutine
  static Coro<Void> c3(Object[][] box) {
    await(c4(box));
    return done();
  }

  @Coroutine
  static Coro<Void> c2(Object[][] box) {
    await(c3(box));
    return done();
  }

  @Coroutine
  static Coro<Void> c1(Task<Void> task) {
    await(task);
    return done();
  }

  @Coroutine
  static Coro<Void> tgroupBody(TaskGroup tg, Object[][] box) {
    Task<Void> task = tg.createTask(c2(box), "c2_root");
    tg.createTask(c1(task), "sub_main_1");
    tg.createTask(c1(task), "sub_main_2");
    return done();
  }

  @Coroutine
  static Coro<Void> tgroupMain(Object[][] box) {
    await(TaskGroup.run(tg -> tgroupBody(tg, box)));
    return done();
  }

  /**
   * test_graph.py CallStackTestBase.test_stack_tgroup: a TaskGroup's task is awaited by the task
   * running the group, and by the tasks awaiting it directly.
   */
  @Test
  void stackTgroup() {
    Object[][] box = new Object[1][];
    runVirtual(tgroupMain(box));
    List<Object> main = List.of("T<anon>", List.of("a tgroupMain"), List.of());
    assertEquals(List.of("T<c2_root>",
        List.of("s c5", "a c4", "a c3", "a c2"),
        List.of(
            main,
            List.of("T<sub_main_1>", List.of("a c1"), List.of(main)),
            List.of("T<sub_main_2>", List.of("a c1"), List.of(main)))), box[0][0]);
    assertTrue(((String) box[0][1]).contains(" async GraphTest.tgroupMain()"),
        (String) box[0][1]);
  }

  // ------------------------------------------------------------------ test_stack_async_gen

  @Coroutine
  static Coro<Void> genNestedCall(Object[][] box) {
    box[0] = captureTestStack(null, 1);
    return done();
  }

  @Coroutine
  static AsyncGenerator<Integer> gen(Object[][] box) {
    for (int num = 0; num < 2; num++) {
      AsyncGenerator.yield(num);
      if (num == 1) {
        await(genNestedCall(box));
      }
    }
    return AsyncGenerator.done();
  }

  @Coroutine
  static Coro<Void> asyncGenMain(Object[][] box) {
    for (AsyncGenerator<Integer> it = gen(box); await(it.hasNext()); ) {
      it.next();
    }
    return done();
  }

  /** test_graph.py CallStackTestBase.test_stack_async_gen */
  @Test
  void stackAsyncGen() {
    Object[][] box = new Object[1][];
    runVirtual(asyncGenMain(box));
    assertEquals(List.of("T<anon>",
        List.of("s captureTestStack", "a genNestedCall", "ag gen", "a asyncGenMain"),
        List.of()), box[0][0]);
    assertTrue(((String) box[0][1]).contains("async generator GraphTest.gen()"),
        (String) box[0][1]);
  }

  // ------------------------------------------------------------------ gather, shield, timeout

  @Coroutine
  static Coro<Void> deep(Object[][] box) {
    await(sleep(0));
    box[0] = captureTestStack(null, 1);
    return done();
  }

  @Coroutine
  static Coro<Void> deepCaller(Object[][] box) {
    await(sleep(0));
    await(deep(box));
    return done();
  }

  @Coroutine
  static Coro<Void> sleeper() {
    await(sleep(0));
    return done();
  }

  @Coroutine
  static Coro<Void> gatherMain(Object[][] box) {
    await(gather(deepCaller(box), sleeper()));
    return done();
  }

  /** test_graph.py CallStackTestBase.test_stack_gather: a gathered task is awaited by the gatherer. */
  @Test
  void stackGather() {
    Object[][] box = new Object[1][];
    runVirtual(gatherMain(box));
    assertEquals(List.of("T<anon>",
        List.of("s captureTestStack", "a deep", "a deepCaller"),
        List.of(List.of("T<anon>", List.of("a gatherMain"), List.of()))), box[0][0]);
  }

  @Coroutine
  static Coro<Void> shieldMain(Object[][] box) {
    await(shield(deepCaller(box)));
    return done();
  }

  /** test_graph.py CallStackTestBase.test_stack_shield */
  @Test
  void stackShield() {
    Object[][] box = new Object[1][];
    runVirtual(shieldMain(box));
    assertEquals(List.of("T<anon>",
        List.of("s captureTestStack", "a deep", "a deepCaller"),
        List.of(List.of("T<anon>", List.of("a shieldMain"), List.of()))), box[0][0]);
  }

  @Coroutine
  static Coro<Void> inTimeoutBody(Object[][] box) {
    await(sleep(0));
    await(deep(box));
    return done();
  }

  @Coroutine
  static Coro<Void> inTimeout(Object[][] box) {
    await(timeout(1).run(inTimeoutBody(box)));
    return done();
  }

  @Coroutine
  static Coro<Void> timeoutMain(Object[][] box) {
    await(shield(inTimeout(box)));
    return done();
  }

  /** test_graph.py CallStackTestBase.test_stack_timeout (the timeout's body is its own coroutine). */
  @Test
  void stackTimeout() {
    Object[][] box = new Object[1][];
    runVirtual(timeoutMain(box));
    assertEquals(List.of("T<anon>",
        List.of("s captureTestStack", "a deep", "a inTimeoutBody", "a inTimeout"),
        List.of(List.of("T<anon>", List.of("a timeoutMain"), List.of()))), box[0][0]);
  }

  // ------------------------------------------------------------------ wait, task, future

  @Coroutine
  static Coro<Void> threeSleeps() {
    for (int i = 0; i < 3; i++) {
      await(sleep(0));
    }
    return done();
  }

  @Coroutine
  static Coro<Void> waitLoop(Task<Void> t1, Task<Void> t2) {
    while (true) {
      WaitResult<Task<Void>> r = await(io.weft.Asyncio.wait(List.of(t1, t2)));
      if (r.pending().isEmpty()) {
        break;
      }
    }
    return done();
  }

  @Coroutine
  static Coro<Void> stackWaitMain(Object[][] box) {
    Task<Void> t1 = createTask(inTimeout(box));
    Task<Void> t2 = createTask(threeSleeps());
    try {
      await(waitLoop(t1, t2));
    } finally {
      await(t1);
      await(t2);
    }
    return done();
  }

  /** test_graph.py CallStackTestBase.test_stack_wait: a task in wait() is awaited by the waiter. */
  @Test
  void stackWait() {
    Object[][] box = new Object[1][];
    runVirtual(stackWaitMain(box));
    assertEquals(List.of("T<anon>",
        List.of("s captureTestStack", "a deep", "a inTimeoutBody", "a inTimeout"),
        List.of(List.of("T<anon>", List.of("a waitLoop", "a stackWaitMain"), List.of()))),
        box[0][0]);
  }

  @Coroutine
  static Coro<Void> namedTaskCaller(Object[][] box) {
    await(createTask(deepCaller(box), "there there"));
    return done();
  }

  @Coroutine
  static Coro<Void> taskMain(Object[][] box) {
    await(namedTaskCaller(box));
    return done();
  }

  /** test_graph.py CallStackTestBase.test_stack_task */
  @Test
  void stackTask() {
    Object[][] box = new Object[1][];
    runVirtual(taskMain(box));
    assertEquals(List.of("T<there there>",
        List.of("s captureTestStack", "a deep", "a deepCaller"),
        List.of(List.of("T<anon>", List.of("a namedTaskCaller", "a taskMain"), List.of()))),
        box[0][0]);
  }

  @Coroutine
  static Coro<Void> a2(Future<Void> fut) {
    await(fut);
    return done();
  }

  @Coroutine
  static Coro<Void> a1(Future<Void> fut) {
    await(a2(fut));
    return done();
  }

  @Coroutine
  static Coro<Void> b1(Future<Void> fut) {
    await(fut);
    return done();
  }

  @Coroutine
  static Coro<Void> futureBody(TaskGroup g, Future<Void> fut, Object[][] box) {
    g.createTask(a1(fut), "task A");
    g.createTask(b1(fut), "task B");
    for (int i = 0; i < 5; i++) {
      await(sleep(0)); // a few passes, so that both a1 and b1 await the future
    }
    box[0] = captureTestStack(fut, 1);
    fut.setResult(null);
    return done();
  }

  @Coroutine
  static Coro<Void> futureMain(Object[][] box) {
    Future<Void> fut = getRunningLoop().createFuture();
    await(TaskGroup.run(g -> futureBody(g, fut, box)));
    return done();
  }

  /** test_graph.py CallStackTestBase.test_stack_future: a plain future awaited by two tasks. */
  @Test
  void stackFuture() {
    Object[][] box = new Object[1][];
    runVirtual(futureMain(box));
    List<Object> main = List.of("T<anon>", List.of("a futureBody", "a futureMain"), List.of());
    assertEquals(List.of("F", List.of(), List.of(
        List.of("T<task A>", List.of("a a2", "a a1"), List.of(main)),
        List.of("T<task B>", List.of("a b1"), List.of(main)))), box[0][0]);
    assertTrue(((String) box[0][1]).startsWith("* Future(id=0x"), (String) box[0][1]);
  }

  // ------------------------------------------------------------------ the text, exactly

  @Coroutine
  static Coro<Void> fetch(Future<Void> gate) {
    await(gate); // site: fetch awaits the gate
    return done();
  }

  @Coroutine
  static Coro<Void> worker(Future<Void> gate) {
    await(fetch(gate)); // site: worker awaits fetch
    return done();
  }

  @Coroutine
  static Coro<Void> boss(Task<Void> w) {
    await(w); // site: boss awaits the worker
    return done();
  }

  /** formatCallGraph's text: Python's layout, innermost frame first, awaiters indented. */
  @Test
  void formatCallGraphText() {
    EventLoop loop = Loops.virtual();
    try {
      Future<Void> gate = loop.createFuture();
      Task<Void> w = loop.createTask(worker(gate), "worker");
      Task<Void> b = loop.createTask(boss(w), "boss");
      Loops.runPasses(loop, 2);
      String text = formatCallGraph(w);
      assertEquals(String.join("\n",
          "* Task(name='worker', id=0x" + hex(w) + ")",
          "  + Call stack:",
          "  |   File 'GraphTest.java', line " + lineOf("fetch awaits the gate")
              + ", in async GraphTest.fetch()",
          "  |   File 'GraphTest.java', line " + lineOf("worker awaits fetch")
              + ", in async GraphTest.worker()",
          "  + Awaited by:",
          "    * Task(name='boss', id=0x" + hex(b) + ")",
          "      + Call stack:",
          "      |   File 'GraphTest.java', line " + lineOf("boss awaits the worker")
              + ", in async GraphTest.boss()"), text);
      assertEquals("* Future(id=0x" + hex(gate) + ")\n"
          + "  + Awaited by:\n"
          + text.lines().map(l -> "    " + l).collect(Collectors.joining("\n")),
          formatCallGraph(gate), "the gate is awaited by the worker, awaited by the boss");
      gate.setResult(null);
      loop.runUntilComplete(b);
    } finally {
      loop.close();
    }
  }

  /** Python's {@code limit}: n &gt; 0 keeps the n outermost entries, n &lt; 0 the innermost, 0 none. */
  @Test
  void limitCutsEachCallStack() {
    EventLoop loop = Loops.virtual();
    try {
      Future<Void> gate = loop.createFuture();
      Task<Void> w = loop.createTask(worker(gate), "worker");
      loop.createTask(boss(w), "boss");
      Loops.runPasses(loop, 2);
      FutureCallGraph all = captureCallGraph(w, 1, null);
      assertEquals(List.of("a fetch", "a worker"), walk(all).get(1));
      assertEquals(List.of("a worker"), walk(captureCallGraph(w, 1, 1)).get(1), "outermost");
      assertEquals(List.of("a fetch"), walk(captureCallGraph(w, 1, -1)).get(1), "innermost");
      FutureCallGraph none = captureCallGraph(w, 1, 0);
      assertEquals(List.of("T<worker>", List.of(), List.of(List.of("T<boss>", List.of(),
          List.of()))), walk(none), "only the awaited-by links");
      gate.setResult(null);
      loop.runUntilComplete(w);
    } finally {
      loop.close();
    }
  }

  // ------------------------------------------------------------------ edges

  /** Python raises RuntimeError outside a running loop without a future; Weft the same. */
  @Test
  void captureWithoutLoopOrFutureIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> captureCallGraph());
    assertEquals("captureCallGraph() is called outside of a running event loop and no future to "
        + "introspect was provided", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> captureCallGraph(null, 0, null));
  }

  /** In a plain callback there is no current task: Python returns None, Weft null. */
  @Test
  void captureInACallbackIsNull() {
    EventLoop loop = Loops.virtual();
    try {
      Object[] seen = {"unset", "unset"};
      loop.callSoon(() -> {
        seen[0] = captureCallGraph();
        seen[1] = formatCallGraph();
      });
      Loops.runBriefly(loop);
      assertNull(seen[0]);
      assertEquals("", seen[1]);
    } finally {
      loop.close();
    }
  }

  @Coroutine
  static Coro<Void> awaitsTask(Task<?>[] other) {
    await(sleep(0));
    await(other[0]);
    return done();
  }

  /** Two tasks awaiting each other (a deadlock): the graph shows the cycle once, and ends. */
  @Test
  void cycleOfAwaitsIsCutWhereItCloses() {
    EventLoop loop = Loops.virtual();
    try {
      Task<?>[] forA = new Task<?>[1];
      Task<?>[] forB = new Task<?>[1];
      Task<Void> a = loop.createTask(awaitsTask(forA), "A");
      Task<Void> b = loop.createTask(awaitsTask(forB), "B");
      forA[0] = b;
      forB[0] = a;
      Loops.runPasses(loop, 3);
      assertEquals(List.of("T<A>", List.of("a awaitsTask"),
          List.of(List.of("T<B>", List.of("a awaitsTask"), List.of()))),
          walk(captureCallGraph(a)));
      // Not cancelled: as in Python, cancelling one would cancel what it awaits, round the cycle.
    } finally {
      loop.close();
    }
  }

  @Coroutine
  static Coro<Void> awaitsNext(Future<Void> next) {
    await(next);
    return done();
  }

  /** 10,000 tasks each awaiting the next: the graph is built and printed without recursion. */
  @Test
  void longLineOfTasksDoesNotOverflowTheStack() {
    EventLoop loop = Loops.virtual();
    try {
      Future<Void> gate = loop.createFuture();
      Future<Void> next = gate;
      List<Task<Void>> tasks = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        Task<Void> t = loop.createTask(awaitsNext(next));
        tasks.add(t);
        next = t;
      }
      Loops.runPasses(loop, 2);
      FutureCallGraph g = captureCallGraph(gate);
      int levels = 0;
      for (FutureCallGraph n = g; !n.awaitedBy().isEmpty(); n = n.awaitedBy().get(0)) {
        levels++;
      }
      assertEquals(10_000, levels);
      // The text indents each level four more spaces: 1,000 levels make a few megabytes already.
      String text = formatCallGraph(tasks.get(9_000));
      assertEquals(1_000 * 4 - 1, text.lines().count(),
          "per task: Task, Call stack, one frame, Awaited by (but the last)");
      gate.setResult(null);
      loop.runUntilComplete(tasks.get(tasks.size() - 1));
    } finally {
      loop.close();
    }
  }

  // ------------------------------------------------------------------ helpers

  private static String hex(Object o) {
    return Integer.toHexString(System.identityHashCode(o));
  }

  private static int lineOf(String site) {
    return Sources.lineOf("GraphTest.java", site);
  }
}
