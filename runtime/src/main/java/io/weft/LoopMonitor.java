package io.weft;

import io.weft.management.AsyncioMXBean;
import io.weft.management.AwaiterInfo;
import io.weft.management.EventLoopInfo;
import io.weft.management.TaskInfo;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The live event loops of this runtime, and their task dump: the implementation of {@link
 * AsyncioMXBean}.
 *
 * <p><b>Cost to loops.</b> A loop is listed the first time it runs ({@link #running}), through a
 * weak reference, so listing neither slows creating loops nor keeps one alive; the list drops
 * collected and closed loops as it grows. The MXBean is registered once, on a daemon thread of its
 * own, so the first run does not wait for the platform MBean server to start.
 *
 * <p><b>Race analysis.</b> Tasks, futures and frames belong to their loop's thread. A snapshot of
 * a running loop is therefore taken on that thread: a callback posted with {@code
 * callSoonThreadsafe} reads the loop between two callbacks, and the JMX thread waits for it. If it
 * has not run within {@link #TIMEOUT_MILLIS} (a callback blocks the loop: a {@code
 * Thread.sleep}, a blocking call, an endless loop), the posted callback is cancelled and the
 * JMX thread reads the loop itself while the blocked step holds still, up to three times if it
 * meets a structure changing under it, and marks the snapshot inconsistent. A loop that does not
 * run is read directly: nobody changes it.
 */
final class LoopMonitor implements AsyncioMXBean {
  /** False with {@code -Dweft.jmx=false}: loops are not listed and no MXBean is registered. */
  static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("weft.jmx"));

  /**
   * How long after the first loop runs the MXBean is registered, in milliseconds ({@code
   * -Dweft.jmx.delay}, default 1000). Starting the platform MBean server costs about 0.1 s of CPU
   * and 8 MB: a program that ends within the delay never pays it, and one that runs longer is
   * listed by {@code ps} from then on.
   */
  static final long REGISTER_DELAY_MILLIS = Long.getLong("weft.jmx.delay", 1000L);

  /** How long a snapshot waits for a running loop to read itself. */
  static final long TIMEOUT_MILLIS = 1000;

  /** The loops that ran, weakly; pruned of collected and closed ones when it doubles. */
  private static final List<WeakReference<EventLoop>> LOOPS = new ArrayList<>();

  private static int pruneAt = 16;
  private static final AtomicBoolean REGISTERING = new AtomicBoolean();

  /** Called by a loop on its first run (on the loop's thread). */
  static void running(EventLoop loop) {
    if (!ENABLED) {
      return;
    }
    synchronized (LOOPS) {
      LOOPS.add(new WeakReference<>(loop));
      if (LOOPS.size() >= pruneAt) {
        LOOPS.removeIf(r -> {
          EventLoop l = r.get();
          return l == null || l.isClosed();
        });
        pruneAt = Math.max(16, 2 * LOOPS.size());
      }
    }
    if (!REGISTERING.get() && REGISTERING.compareAndSet(false, true)) {
      Thread t = new Thread(() -> {
        try {
          Thread.sleep(REGISTER_DELAY_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
        Jmx.register();
      }, "weft-jmx-register");
      t.setDaemon(true);
      t.start();
    }
  }

  /** The loops listed now that are neither collected nor closed, in the order they first ran. */
  static List<EventLoop> liveLoops() {
    List<EventLoop> live = new ArrayList<>();
    synchronized (LOOPS) {
      for (WeakReference<EventLoop> r : LOOPS) {
        EventLoop l = r.get();
        if (l != null && !l.isClosed()) {
          live.add(l);
        }
      }
    }
    return live;
  }

  @Override
  public List<EventLoopInfo> getEventLoops() {
    return snapshot();
  }

  @Override
  public String dumpTasks() {
    return format(snapshot());
  }

  /** A snapshot of every live loop. Any thread. */
  static List<EventLoopInfo> snapshot() {
    Ids ids = new Ids();
    List<EventLoopInfo> loops = new ArrayList<>();
    for (EventLoop loop : liveLoops()) {
      LoopData data = snapshot(loop, ids);
      if (data != null) {
        loops.add(data);
      }
    }
    return loops;
  }

  /** One loop's snapshot, taken on its thread when it runs (see the race analysis). */
  private static LoopData snapshot(EventLoop loop, Ids ids) {
    Thread thread = loop.runningThread();
    if (thread == null || thread == Thread.currentThread()) {
      return read(loop, thread, ids, true);
    }
    CompletableFuture<LoopData> result = new CompletableFuture<>();
    Handle posted;
    try {
      posted = loop.callSoonThreadsafe(() -> {
        try {
          result.complete(read(loop, Thread.currentThread(), ids, true));
        } catch (RuntimeException | Error e) {
          result.completeExceptionally(e);
        }
      });
    } catch (IllegalStateException closed) {
      return null;
    }
    try {
      return result.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException busy) {
      posted.cancel();
    } catch (InterruptedException interrupted) {
      posted.cancel();
      Thread.currentThread().interrupt();
    }
    if (loop.isClosed()) {
      return null;
    }
    thread = loop.runningThread();
    if (thread == null) {
      return read(loop, null, ids, true); // it stopped meanwhile
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return read(loop, thread, ids, false);
      } catch (RuntimeException changedUnderUs) {
        // a task or future changed while it was read: read again
      }
    }
    return new LoopData(thread, false, List.of());
  }

  /** Reads the loop's unfinished tasks, oldest first. */
  private static LoopData read(EventLoop loop, Thread thread, Ids ids, boolean consistent) {
    List<Task<?>> tasks = new ArrayList<>();
    int bound = 10_000_000; // a list read while it changes must still end
    for (Task<?> t = loop.firstTask; t != null && bound-- > 0; t = t.nextTask) {
      if (!t.done()) {
        tasks.add(t);
      }
    }
    Collections.reverse(tasks); // the loop adds new tasks at the front
    List<TaskInfo> infos = new ArrayList<>(tasks.size());
    for (Task<?> t : tasks) {
      List<AwaiterInfo> awaiters = new ArrayList<>();
      for (Task<?> a : CallGraph.awaiters(t)) {
        awaiters.add(new AwaiterData(ids.of(a), a.getName(), stack(a)));
      }
      String state = loop.currentTask == t ? "running"
          : t.cancelling() > 0 ? "cancelling" : "pending";
      infos.add(new TaskData(ids.of(t), t.getName(), state, stack(t), awaiters));
    }
    return new LoopData(thread, consistent, infos);
  }

  /** A task's await chain as {@code "C.m File.java:line"} strings, innermost first. */
  private static List<String> stack(Task<?> t) {
    List<String> out = new ArrayList<>();
    for (FrameCallGraphEntry e : CallGraph.stackOf(t, null)) {
      StackTraceElement f = e.frame();
      out.add(CallGraph.qualifiedName(f) + " " + (f.getFileName() != null ? f.getFileName() : "?")
          + ":" + f.getLineNumber());
    }
    return out;
  }

  /** {@link #dumpTasks()}'s text. */
  static String format(List<EventLoopInfo> loops) {
    StringBuilder out = new StringBuilder();
    for (EventLoopInfo loop : loops) {
      out.append("Event loop ")
          .append(loop.isRunning() ? "running on thread '" + loop.getThreadName() + "'" : "idle")
          .append(", ").append(loop.getTasks().size())
          .append(loop.getTasks().size() == 1 ? " task" : " tasks");
      if (!loop.isConsistent()) {
        out.append(", read while a callback kept it busy (may be inconsistent)");
      }
      out.append('\n');
      for (TaskInfo t : loop.getTasks()) {
        out.append("* Task(name='").append(t.getName()).append("', id=0x")
            .append(Long.toHexString(t.getId())).append(") ").append(t.getState()).append('\n');
        if (!t.getCoroutineStack().isEmpty()) {
          out.append("  + Call stack:\n");
          for (String frame : t.getCoroutineStack()) {
            out.append("  |   ").append(frame).append('\n');
          }
        }
        if (!t.getAwaitedBy().isEmpty()) {
          out.append("  + Awaited by:\n");
          for (AwaiterInfo a : t.getAwaitedBy()) {
            out.append("  |   Task(name='").append(a.getTaskName()).append("', id=0x")
                .append(Long.toHexString(a.getTaskId())).append(")");
            if (!a.getCallStack().isEmpty()) {
              out.append(" at ").append(a.getCallStack().get(0));
            }
            out.append('\n');
          }
        }
      }
    }
    return out.toString();
  }

  /** Task ids for one snapshot: identity hash codes, made unique where two collide. */
  private static final class Ids {
    private final Map<Task<?>, Long> ids = new IdentityHashMap<>();
    private final Set<Long> used = new HashSet<>();

    synchronized long of(Task<?> t) {
      Long id = ids.get(t);
      if (id == null) {
        long v = Integer.toUnsignedLong(System.identityHashCode(t));
        while (!used.add(v)) {
          v++;
        }
        id = v;
        ids.put(t, id);
      }
      return id;
    }
  }

  private static final class LoopData implements EventLoopInfo {
    private final String threadName;
    private final long threadId;
    private final boolean running;
    private final boolean consistent;
    private final List<TaskInfo> tasks;

    LoopData(Thread thread, boolean consistent, List<TaskInfo> tasks) {
      this.threadName = thread != null ? thread.getName() : "";
      this.threadId = thread != null ? thread.getId() : -1;
      this.running = thread != null;
      this.consistent = consistent;
      this.tasks = List.copyOf(tasks);
    }

    @Override
    public String getThreadName() {
      return threadName;
    }

    @Override
    public long getThreadId() {
      return threadId;
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public boolean isConsistent() {
      return consistent;
    }

    @Override
    public List<TaskInfo> getTasks() {
      return tasks;
    }
  }

  private static final class TaskData implements TaskInfo {
    private final long id;
    private final String name;
    private final String state;
    private final List<String> stack;
    private final List<AwaiterInfo> awaitedBy;

    TaskData(long id, String name, String state, List<String> stack, List<AwaiterInfo> awaitedBy) {
      this.id = id;
      this.name = name;
      this.state = state;
      this.stack = List.copyOf(stack);
      this.awaitedBy = List.copyOf(awaitedBy);
    }

    @Override
    public long getId() {
      return id;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public String getState() {
      return state;
    }

    @Override
    public List<String> getCoroutineStack() {
      return stack;
    }

    @Override
    public List<AwaiterInfo> getAwaitedBy() {
      return awaitedBy;
    }
  }

  private static final class AwaiterData implements AwaiterInfo {
    private final long taskId;
    private final String taskName;
    private final List<String> callStack;

    AwaiterData(long taskId, String taskName, List<String> callStack) {
      this.taskId = taskId;
      this.taskName = taskName;
      this.callStack = List.copyOf(callStack);
    }

    @Override
    public long getTaskId() {
      return taskId;
    }

    @Override
    public String getTaskName() {
      return taskName;
    }

    @Override
    public List<String> getCallStack() {
      return callStack;
    }
  }

  /**
   * The platform MBean server, touched only on the registration thread, so that a runtime
   * without {@code java.management} (a jlinked image) never loads these classes on a loop.
   */
  private static final class Jmx {
    private Jmx() {}

    static void register() {
      try {
        javax.management.MBeanServer server =
            java.lang.management.ManagementFactory.getPlatformMBeanServer();
        Object bean = new javax.management.StandardMBean(
            new LoopMonitor(), AsyncioMXBean.class, true);
        javax.management.ObjectName name =
            new javax.management.ObjectName(AsyncioMXBean.OBJECT_NAME);
        if (server.isRegistered(name)) {
          // another copy of the runtime, in another class loader, was first
          name = new javax.management.ObjectName(AsyncioMXBean.OBJECT_NAME + ",id="
              + Integer.toHexString(System.identityHashCode(LoopMonitor.class)));
        }
        server.registerMBean(bean, name);
      } catch (Exception | LinkageError unavailable) {
        // No JMX here (no java.management, a security policy, a name taken): the loops run on,
        // only their dump is not exported.
      }
    }
  }
}
