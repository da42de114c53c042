package io.weft.internal;

import io.weft.EventLoop;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Collectors;

/**
 * "coroutine ... was never awaited": CPython's coroutine origin tracking ({@code
 * sys.set_coroutine_origin_tracking_depth}, {@code cr_origin}) and the report {@code
 * _PyErr_WarnUnawaitedCoroutine} makes when a coroutine that never ran is finalized. Not an API:
 * {@code Asyncio.setCoroutineOriginTrackingDepth} and {@code EventLoop.setDebug} drive it.
 *
 * <h2>Cost</h2>
 *
 * While tracking is off, {@link CoroFrame}'s constructor calls {@link #TRACK}, an empty method
 * handle the JIT compiles to nothing, and nothing else anywhere pays (after a debug loop has run,
 * until {@code setDepth(0)}, a call that returns at once: see {@link #update}). While it is on,
 * each coroutine created records its creation stack (at most the tracking depth), registers with
 * a {@link Cleaner}, and keeps its {@link Origin} in {@link Frame#value} (null in state CREATED
 * otherwise) with {@link Frame#F_TRACKED} set in its flags. The flag sends the frame off the fast
 * paths of {@code send}, which test {@code flags == 0}, into the paths that start a CREATED frame
 * ({@code step}, {@code close}, {@code delegateFor}); these call {@link #started}, which drops
 * the origin. A frame collected with its origin still attached never ran: the cleaner reports it.
 *
 * <h2>Where the report goes</h2>
 *
 * To the exception handler of the loop that was running in debug mode on the creating thread
 * (through {@code callSoonThreadsafe} while that loop is open, directly once it is closed), else
 * to the {@code System.Logger} "io.weft" at WARNING. The context holds "message" ({@code
 * "coroutine 'C.m' was never awaited"}), "coroutine" and "source_traceback" (the creation stack,
 * most recent call first). Such a loop also lists the origins of its never-started coroutines,
 * so that {@link #reportAbandoned} can report them at a chosen moment (the end of a test) instead
 * of whenever the garbage collector runs.
 */
public final class CoroutineOrigins {
  private CoroutineOrigins() {}

  /** Python's {@code asyncio.constants.DEBUG_STACK_DEPTH}: the depth a debug loop tracks. */
  public static final int DEBUG_STACK_DEPTH = 10;

  private static final MethodType TRACK_TYPE = MethodType.methodType(void.class, CoroFrame.class);

  /** What {@link #TRACK} calls: nothing while tracking is off, else {@link #track}. */
  private static final MutableCallSite TRACKER =
      new MutableCallSite(MethodHandles.empty(TRACK_TYPE));

  /**
   * Called by every {@link CoroFrame} constructor. A call site rather than a static boolean: the
   * JIT compiles a call to an empty target to nothing and recompiles when the target changes,
   * whereas testing a (non-final) flag in the constructor cost about 2 ns per coroutine in
   * AwaitBenchmark (8.0 to 10.0 ns per await of a new coroutine).
   */
  static final MethodHandle TRACK = TRACKER.dynamicInvoker();

  private static final MethodHandle TRACK_ON;

  /** Whether {@link #TRACKER} points at {@link #track}; guarded by the class. */
  private static boolean armed;

  private static int explicitDepth;
  private static int debugLoops;

  /** {@link #depth()}, for {@link #track} to read without the lock. */
  private static volatile int depthInEffect;

  /** The debug loop running on each thread, if any: whose handler hears of its coroutines. */
  private static final ThreadLocal<EventLoop> DEBUG_LOOP = new ThreadLocal<>();

  /** Per debug loop: origins of the coroutines created while it ran that have not started. */
  private static final Map<EventLoop, Set<Origin>> UNSTARTED = new WeakHashMap<>();

  private static final Cleaner CLEANER = Cleaner.create();

  private static final System.Logger LOG = System.getLogger("io.weft");

  static {
    try {
      TRACK_ON = MethodHandles.lookup().findStatic(CoroutineOrigins.class, "track", TRACK_TYPE);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    if (Boolean.getBoolean("weft.debug")) {
      explicitDepth = DEBUG_STACK_DEPTH; // -Dweft.debug=true: Python's PYTHONASYNCIODEBUG=1
      update();
    }
  }

  /**
   * Sets how many frames of its creation stack each new coroutine records; 0 turns tracking off
   * (unless a loop runs in debug mode, which tracks {@link #DEBUG_STACK_DEPTH} frames). Python's
   * {@code sys.set_coroutine_origin_tracking_depth(depth)}. Thread-safe.
   *
   * @param depth the depth; not negative
   */
  public static synchronized void setDepth(int depth) {
    if (depth < 0) {
      throw new IllegalArgumentException("depth must be >= 0, got " + depth);
    }
    explicitDepth = depth;
    update();
    if (depthInEffect == 0 && armed) {
      arm(false); // also the hook the debug loops that ran left in place (see update)
    }
  }

  /**
   * Returns the depth in effect: the one set, or {@link #DEBUG_STACK_DEPTH} while a loop runs in
   * debug mode, whichever is larger. Python's {@code sys.get_coroutine_origin_tracking_depth()}.
   *
   * @return the depth; 0 when tracking is off
   */
  public static int depth() {
    return depthInEffect;
  }

  /**
   * A loop in debug mode starts running on this thread (or turns debug mode on while running):
   * coroutines created here are tracked and reported to it. Python's {@code
   * BaseEventLoop._set_coroutine_origin_tracking(True)}.
   *
   * @param loop the loop. Not null.
   */
  public static void debugLoopEntered(EventLoop loop) {
    DEBUG_LOOP.set(loop);
    synchronized (CoroutineOrigins.class) {
      debugLoops++;
      update();
    }
  }

  /** The debug loop of this thread stops running, or leaves debug mode: undoes the above. */
  public static void debugLoopExited() {
    DEBUG_LOOP.remove();
    synchronized (CoroutineOrigins.class) {
      debugLoops--;
      update();
    }
  }

  /**
   * Recomputes the depth in effect and arms the hook when it is positive; called with the class
   * locked. When the depth drops to 0 because a debug loop stopped, the hook stays armed and
   * {@link #track} returns at once: disarming recompiles every method that inlined a coroutine's
   * constructor, and a test suite starts and stops a debug loop per test. Only {@link #setDepth}
   * disarms it.
   */
  private static void update() {
    depthInEffect = Math.max(explicitDepth, debugLoops > 0 ? DEBUG_STACK_DEPTH : 0);
    if (depthInEffect > 0 && !armed) {
      arm(true);
    }
  }

  /** Points {@link #TRACK} at {@link #track} or at nothing; called with the class locked. */
  private static void arm(boolean on) {
    armed = on;
    TRACKER.setTarget(on ? TRACK_ON : MethodHandles.empty(TRACK_TYPE));
    MutableCallSite.syncAll(new MutableCallSite[] {TRACKER}); // other threads see it too
  }

  /** Called by {@link CoroFrame}'s constructor, through {@link #TRACK}, while tracking is on. */
  private static void track(CoroFrame frame) {
    int depth = depthInEffect;
    if (depth == 0) {
      return; // armed, but no debug loop runs any more (see update)
    }
    Class<?> frameClass = frame.getClass();
    EventLoop loop = DEBUG_LOOP.get();
    Origin origin = new Origin(FrameNames.describe(frameClass), creationStack(frameClass, depth),
        loop);
    frame.value = origin;
    frame.flags |= Frame.F_TRACKED;
    if (loop != null) {
      synchronized (UNSTARTED) {
        UNSTARTED.computeIfAbsent(loop, l -> new LinkedHashSet<>()).add(origin);
      }
    }
    origin.cleanable = CLEANER.register(frame, origin);
  }

  /**
   * The stack of the code that created the coroutine, most recent call first: without the
   * methods of frame classes (the constructors here, and the {@code resume()} glue between the
   * trampoline and each woven body further down), and without the woven method's own entry (it
   * only builds the frame, and its name is in the message), so it starts at the line that called
   * the coroutine function.
   */
  private static List<StackTraceElement> creationStack(Class<?> frameClass, int depth) {
    String wovenHost = frameClass.getName();
    int sep = wovenHost.lastIndexOf(FrameNames.SEPARATOR);
    String host = sep < 0 ? null : wovenHost.substring(0, sep);
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> {
      List<StackWalker.StackFrame> rest = frames
          .filter(f -> f.getDeclaringClass() != CoroutineOrigins.class
              && !Frame.class.isAssignableFrom(f.getDeclaringClass()))
          .limit(depth + 1L)
          .collect(Collectors.toList());
      int from = !rest.isEmpty() && rest.get(0).getClassName().equals(host) ? 1 : 0;
      List<StackTraceElement> out = new ArrayList<>();
      for (int i = from; i < rest.size() && out.size() < depth; i++) {
        out.add(rest.get(i).toStackTraceElement());
      }
      return Collections.unmodifiableList(out);
    });
  }

  /**
   * A tracked frame leaves state CREATED (it starts, is closed, or has an exception thrown in):
   * it was awaited, or dropped on purpose. Python's coroutine is then no longer "never awaited".
   */
  static void started(Frame frame) {
    Object v = frame.value;
    frame.value = null;
    frame.flags &= ~Frame.F_TRACKED;
    if (v instanceof Origin) {
      ((Origin) v).consume();
    }
  }

  /**
   * Reports now, to {@code loop}'s exception handler and on the calling thread, every coroutine
   * created while {@code loop} ran in debug mode that has not started, as the cleaner would
   * report it once collected; each is reported once. Called by {@code EventLoop.reportAbandoned}.
   *
   * @param loop the loop. Not null.
   * @return how many were reported
   */
  public static int reportAbandoned(EventLoop loop) {
    List<Origin> origins;
    synchronized (UNSTARTED) {
      Set<Origin> set = UNSTARTED.remove(loop);
      origins = set == null ? List.of() : new ArrayList<>(set);
    }
    int n = 0;
    for (Origin o : origins) {
      if (o.claim()) {
        o.cleanable.clean();
        loop.callExceptionHandler(o.context());
        n++;
      }
    }
    return n;
  }

  /** Forgets {@code origin} in its loop's list. */
  private static void unlist(Origin origin) {
    if (origin.loop != null) {
      synchronized (UNSTARTED) {
        Set<Origin> set = UNSTARTED.get(origin.loop);
        if (set != null && set.remove(origin) && set.isEmpty()) {
          UNSTARTED.remove(origin.loop); // an origin in the set would keep its loop (the key) alive
        }
      }
    }
  }

  /**
   * Where one coroutine was created; the cleaner's action when its frame is collected. Holds no
   * reference to the frame.
   */
  static final class Origin implements Runnable {
    private final String coroutine;
    private final List<StackTraceElement> stack;
    final EventLoop loop;
    private boolean claimed;
    Cleaner.Cleanable cleanable;

    Origin(String coroutine, List<StackTraceElement> stack, EventLoop loop) {
      this.coroutine = coroutine;
      this.stack = stack;
      this.loop = loop;
    }

    /** True once only: whoever claims the origin reports it, or decides not to. */
    synchronized boolean claim() {
      if (claimed) {
        return false;
      }
      claimed = true;
      return true;
    }

    /** The coroutine started: nothing to report, and the cleaner can let go. */
    void consume() {
      if (claim()) {
        unlist(this);
        cleanable.clean();
      }
    }

    @Override
    public void run() { // the Cleaner's thread: the frame was collected
      if (!claim()) {
        return;
      }
      unlist(this);
      Map<String, Object> ctx = context();
      EventLoop l = loop;
      if (l == null) {
        LOG.log(System.Logger.Level.WARNING, ctx.get("message") + "\nCoroutine created at"
            + " (most recent call first):" + format(stack));
        return;
      }
      if (!l.isClosed()) {
        try {
          l.callSoonThreadsafe(() -> l.callExceptionHandler(ctx));
          return;
        } catch (IllegalStateException closedMeanwhile) {
          // report directly below
        }
      }
      l.callExceptionHandler(ctx);
    }

    Map<String, Object> context() {
      Map<String, Object> ctx = new LinkedHashMap<>();
      ctx.put("message", "coroutine '" + coroutine + "' was never awaited");
      ctx.put("coroutine", coroutine);
      ctx.put("source_traceback", stack);
      return ctx;
    }

    private static String format(List<StackTraceElement> stack) {
      StringBuilder text = new StringBuilder();
      for (StackTraceElement e : stack) {
        text.append("\n\tat ").append(e);
      }
      return text.toString();
    }
  }
}
