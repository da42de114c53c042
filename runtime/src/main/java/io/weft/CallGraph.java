package io.weft;

import io.weft.internal.AsyncGeneratorFrame;
import io.weft.internal.Frame;
import io.weft.internal.FrameNames;
import io.weft.internal.GeneratorFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Asyncio#captureCallGraph} and {@link Asyncio#formatCallGraph}: Python 3.14's {@code
 * asyncio/graph.py}.
 *
 * <p>Where Python keeps {@code _asyncio_awaited_by} sets up to date on every await, Weft reads
 * the links that exist anyway: a task awaiting a future is one of its done callbacks, and the
 * combinators' callbacks name the future they wait for ({@link WaitingCallback}). Nothing is
 * recorded on the path that runs coroutines; the graph costs only when it is captured.
 *
 * <p>Graphs are built and printed without recursion, so a long line of tasks awaiting each
 * other cannot overflow the stack; a cycle of tasks awaiting each other (a deadlock) is cut
 * where it closes.
 */
final class CallGraph {
  private CallGraph() {}

  /** {@link Asyncio#captureCallGraph(Future, int, Integer)}. */
  static FutureCallGraph capture(Future<?> future, int depth, Integer limit) {
    if (depth < 1) {
      throw new IllegalArgumentException(
          "depth is " + depth + ": 1 starts at the caller of captureCallGraph, 2 above it, ...");
    }
    EventLoop loop = EventLoop.RUNNING.get();
    if (future != null) {
      if (loop == null || future != loop.currentTask) {
        return build(future, stackOf(future, limit), limit);
      }
    } else {
      if (loop == null) {
        throw new IllegalStateException("captureCallGraph() is called outside of a running "
            + "event loop and no future to introspect was provided");
      }
      future = loop.currentTask;
      if (future == null) {
        return null; // a plain callback: not a task's call stack
      }
    }
    List<FrameCallGraphEntry> stack =
        limit != null && limit == 0 ? List.of() : currentStack((Task<?>) future, depth);
    return build(future, limited(stack, limit), limit);
  }

  /**
   * The graph rooted at {@code root}: its awaiters, theirs, and so on, each with its call stack.
   * Depth first without recursion; a future already on the path from the root is not followed
   * again.
   */
  private static FutureCallGraph build(
      Future<?> root, List<FrameCallGraphEntry> rootStack, Integer limit) {
    List<FutureCallGraph> rootAwaitedBy = new ArrayList<>();
    FutureCallGraph graph =
        new FutureCallGraph(root, rootStack, Collections.unmodifiableList(rootAwaitedBy));
    Map<Future<?>, Boolean> onPath = new IdentityHashMap<>();
    Deque<Node> path = new ArrayDeque<>();
    path.push(new Node(root, rootAwaitedBy));
    onPath.put(root, Boolean.TRUE);
    while (!path.isEmpty()) {
      Node top = path.peek();
      if (!top.awaiters.hasNext()) {
        path.pop();
        onPath.remove(top.future);
        continue;
      }
      Task<?> awaiter = top.awaiters.next();
      if (onPath.containsKey(awaiter)) {
        continue; // a cycle of awaits: shown once
      }
      List<FutureCallGraph> awaitedBy = new ArrayList<>();
      top.awaitedBy.add(new FutureCallGraph(
          awaiter, stackOf(awaiter, limit), Collections.unmodifiableList(awaitedBy)));
      path.push(new Node(awaiter, awaitedBy));
      onPath.put(awaiter, Boolean.TRUE);
    }
    return graph;
  }

  /** A future whose awaiters are being added to its graph. */
  private static final class Node {
    final Future<?> future;
    final List<FutureCallGraph> awaitedBy;
    final Iterator<Task<?>> awaiters;

    Node(Future<?> future, List<FutureCallGraph> awaitedBy) {
      this.future = future;
      this.awaitedBy = awaitedBy;
      this.awaiters = awaiters(future).iterator();
    }
  }

  /**
   * The tasks waiting for {@code future}, in the order they started to: the tasks among its done
   * callbacks, and through {@link WaitingCallback}s the tasks waiting for the futures that wait
   * for it (a gather's children are awaited by whoever awaits the gather). Python's {@code
   * future._asyncio_awaited_by}, which records the task at the same places.
   *
   * @param future the future. Not null.
   * @return the tasks, each once
   */
  static List<Task<?>> awaiters(Future<?> future) {
    List<Task<?>> tasks = new ArrayList<>();
    Set<Future<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(future);
    Deque<Iterator<Object>> todo = new ArrayDeque<>(); // depth first keeps the callbacks' order
    todo.push(future.callbacks().iterator());
    while (!todo.isEmpty()) {
      Iterator<Object> callbacks = todo.peek();
      if (!callbacks.hasNext()) {
        todo.pop();
        continue;
      }
      Object callback = callbacks.next();
      Future<?> waiting = callback instanceof Task ? (Task<?>) callback
          : callback instanceof WaitingCallback ? ((WaitingCallback) callback).awaiter()
          : null;
      if (waiting == null || !seen.add(waiting)) {
        continue;
      }
      if (waiting instanceof Task) {
        tasks.add((Task<?>) waiting);
      } else {
        // a combinator's future: whoever waits for it waits for this one
        todo.push(waiting.callbacks().iterator());
      }
    }
    return tasks;
  }

  /**
   * The suspended await chain of a task that is not running, innermost first, cut to {@code
   * limit}; empty for a plain future, a finished task and a task whose coroutine is not woven.
   */
  static List<FrameCallGraphEntry> stackOf(Future<?> future, Integer limit) {
    if (!(future instanceof Task) || future.done() || limit != null && limit == 0) {
      return List.of();
    }
    Coro<?> coro = ((Task<?>) future).getCoro();
    if (!(coro instanceof Frame)) {
      return List.of();
    }
    List<FrameCallGraphEntry> stack = new ArrayList<>();
    for (Frame f = (Frame) coro; f != null; f = f.awaiting()) {
      add(stack, f);
    }
    Collections.reverse(stack);
    return limited(stack, limit);
  }

  private static void add(List<FrameCallGraphEntry> stack, Frame f) {
    StackTraceElement where = f.location(); // null for the runtime's own frames
    if (where != null) {
      stack.add(new FrameCallGraphEntry(where, kindOf(f.getClass())));
    }
  }

  private static FrameCallGraphEntry.Kind kindOf(Class<?> frameClass) {
    if (AsyncGeneratorFrame.class.isAssignableFrom(frameClass)) {
      return FrameCallGraphEntry.Kind.ASYNC_GENERATOR;
    }
    if (GeneratorFrame.class.isAssignableFrom(frameClass)) {
      return FrameCallGraphEntry.Kind.GENERATOR;
    }
    return FrameCallGraphEntry.Kind.COROUTINE;
  }

  /**
   * The current task's stack, innermost first: the Java frames from the {@code depth}-th caller
   * of the API down to the task's step (a woven body's frame counts as its coroutine; the
   * trampoline's frames are left out), then the coroutines awaiting the running one. Python's
   * {@code sys._getframe(depth)} walked down to the task.
   */
  private static List<FrameCallGraphEntry> currentStack(Task<?> task, int depth) {
    List<FrameCallGraphEntry> stack = new ArrayList<>();
    StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> {
      Iterator<StackWalker.StackFrame> it = frames.iterator();
      StackWalker.StackFrame frame = it.hasNext() ? it.next() : null;
      while (frame != null && (frame.getDeclaringClass() == CallGraph.class
          || frame.getDeclaringClass() == Asyncio.class)) {
        frame = it.hasNext() ? it.next() : null; // the API's own frames
      }
      for (int skip = depth - 1; skip > 0 && frame != null; skip--) {
        frame = it.hasNext() ? it.next() : null;
      }
      for (; frame != null; frame = it.hasNext() ? it.next() : null) {
        Class<?> c = frame.getDeclaringClass();
        if (c == Task.class) {
          break; // Task.run: below are the loop and whoever runs it
        }
        if (Frame.class.isAssignableFrom(c) || c.getName().startsWith("io.weft.internal.")) {
          if (c.getName().contains(FrameNames.SEPARATOR) && !stack.isEmpty()) {
            // a generated frame class's resume(): the frame above it is that coroutine's body
            int last = stack.size() - 1;
            stack.set(last, new FrameCallGraphEntry(stack.get(last).frame(), kindOf(c)));
          }
          continue; // the trampoline
        }
        stack.add(new FrameCallGraphEntry(
            frame.toStackTraceElement(), FrameCallGraphEntry.Kind.FUNCTION));
      }
      return null;
    });
    Coro<?> coro = task.getCoro();
    if (coro instanceof Frame) {
      List<Frame> chain = new ArrayList<>();
      for (Frame f = (Frame) coro; f != null; f = f.awaiting()) {
        chain.add(f);
      }
      // the last one is running: its code is on the Java stack already
      for (int i = chain.size() - 2; i >= 0; i--) {
        add(stack, chain.get(i));
      }
    }
    return stack;
  }

  /**
   * Python's {@code limit}: null keeps every entry, a positive n the n outermost (nearest to
   * where the task started), a negative n the |n| innermost, 0 none.
   */
  private static List<FrameCallGraphEntry> limited(
      List<FrameCallGraphEntry> innermostFirst, Integer limit) {
    List<FrameCallGraphEntry> s = innermostFirst;
    if (limit != null) {
      int n = s.size();
      int keep = Math.min(Math.abs(limit), n);
      s = limit >= 0 ? s.subList(n - keep, n) : s.subList(0, keep);
    }
    return Collections.unmodifiableList(new ArrayList<>(s));
  }

  // ---------------------------------------------------------------------------- format

  /**
   * Python's {@code format_call_graph} rendering: a {@code * Task(...)} or {@code * Future(...)}
   * line per node, its {@code + Call stack:}, its {@code + Awaited by:} nodes indented four more
   * spaces. No trailing newline.
   */
  static String format(FutureCallGraph graph) {
    if (graph == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    Deque<Object[]> todo = new ArrayDeque<>(); // {graph, level}
    todo.push(new Object[] {graph, 0});
    while (!todo.isEmpty()) {
      Object[] item = todo.pop();
      FutureCallGraph g = (FutureCallGraph) item[0];
      String indent = "    ".repeat((Integer) item[1]);
      line(out, indent, "* " + describe(g.future()));
      if (!g.callStack().isEmpty()) {
        line(out, indent, "  + Call stack:");
        for (FrameCallGraphEntry e : g.callStack()) {
          line(out, indent, "  |   " + frameLine(e));
        }
      }
      if (!g.awaitedBy().isEmpty()) {
        line(out, indent, "  + Awaited by:");
        List<FutureCallGraph> kids = g.awaitedBy();
        for (int i = kids.size() - 1; i >= 0; i--) {
          todo.push(new Object[] {kids.get(i), (Integer) item[1] + 1});
        }
      }
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String indent, String text) {
    if (out.length() > 0) {
      out.append('\n');
    }
    out.append(indent).append(text);
  }

  /** {@code Task(name='main', id=0x1b6d3586)} or {@code Future(id=0x4554617c)}. */
  static String describe(Future<?> f) {
    String id = "id=0x" + Integer.toHexString(System.identityHashCode(f));
    if (f instanceof Task) {
      return "Task(name=" + quoted(((Task<?>) f).getName()) + ", " + id + ")";
    }
    return "Future(" + id + ")";
  }

  /** Python's {@code repr} of a string, for the simple names tasks have. */
  private static String quoted(String s) {
    return s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' + s + '"' : "'" + s + "'";
  }

  /** {@code File 'C.java', line 12, in async C.m()}. */
  static String frameLine(FrameCallGraphEntry e) {
    StackTraceElement f = e.frame();
    String file = f.getFileName() != null ? f.getFileName() : "<unknown>";
    String line = f.getLineNumber() >= 0 ? Integer.toString(f.getLineNumber()) : "?";
    return "File '" + file + "', line " + line + ", in " + e.kind().tag() + qualifiedName(f)
        + "()";
  }

  /** {@code C.m}, the class's binary name without its package: Python's {@code co_qualname}. */
  static String qualifiedName(StackTraceElement f) {
    String c = f.getClassName();
    return c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName();
  }
}
