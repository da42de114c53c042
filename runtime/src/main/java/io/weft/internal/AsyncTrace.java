package io.weft.internal;

import io.weft.CancelledError;
import io.weft.GeneratorExit;
import io.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;

/**
 * Async stack traces: the await sites of the coroutines an exception travels through, written
 * into its stack trace, as Python's traceback grows through every {@code await} it crosses.
 *
 * <p>A woven coroutine runs on a short Java stack ({@link Frame#drive}): the coroutines that await
 * it are not Java callers, so an exception's own trace shows the frame that raised it and then the
 * loop. When the exception leaves a frame, or is raised into one from outside (a failed future, a
 * task it awaited, {@code throwIn}), the suspension sites of the frames awaiting there ({@link
 * Frame#location()}) are inserted, innermost first, after the frames of the code that raised it
 * and before the driver's ({@code io.weft.internal.Frame}, the task, the loop):
 *
 * <pre>
 * java.lang.IllegalStateException: boom
 *     at demo.C.c3(C.java:30)          raised here (the exception's own trace)
 *     at demo.C.c2(C.java:20)          inserted: c2 awaits c3 at line 20
 *     at demo.C.c1(C.java:10)          inserted: c1 awaits c2 at line 10
 *     at demo.C$$c3$2.resume(C.java)   the driver, as before
 *     at io.weft.internal.Frame.drive0(Frame.java:480)
 * </pre>
 *
 * <p><b>Cost.</b> Nothing happens unless an exception leaves a frame: the calls are on the
 * exceptional paths of the trampoline only. Then it costs one {@code getStackTrace()} and one
 * {@code setStackTrace()}, once per chain the exception crosses, not once per frame: the frames it
 * passes through afterwards are in the trace already. At most {@link #MAX_AWAITS} sites are added
 * to one exception, then a "further awaits omitted" line, so a 100,000-deep chain stays linear.
 *
 * <p><b>Left alone:</b> {@link CancelledError} (frequent control flow, made by the loop, whose
 * chain {@code Task.getStack()} and {@code Asyncio.printCallGraph} show without an exception),
 * {@link GeneratorExit}, {@link StopIteration}, {@link VirtualMachineError}s, exceptions whose
 * stack trace is not writable or empty, and everything when the JVM runs with {@code
 * -Dweft.asyncStackTraces=false}.
 *
 * <p>The inserted elements are recognised by their class loader name, the empty string, which no
 * JVM-made element carries ({@code ClassLoader} refuses empty names) and which {@link
 * StackTraceElement#toString()} does not print. That is how a later insertion finds where the
 * earlier ones end, and how an exception caught and rethrown after a suspension does not get the
 * same sites twice.
 */
public final class AsyncTrace {
  private AsyncTrace() {}

  /** False with {@code -Dweft.asyncStackTraces=false}: exceptions keep their own traces only. */
  static final boolean ENABLED =
      !"false".equalsIgnoreCase(System.getProperty("weft.asyncStackTraces"));

  /** The most await sites one exception's trace receives, in all. */
  public static final int MAX_AWAITS = 1024;

  /** The class loader name of inserted elements: see the class comment. */
  private static final String MARK = "";

  /** The most frames walked for one insertion (runtime frames have no site but are walked). */
  private static final int MAX_WALK = 4 * MAX_AWAITS;

  /**
   * {@code error} left the body of {@code from} (raised there, or in something it called, or an
   * old exception thrown again): adds the await sites of the frames awaiting {@code from}, and the
   * site of {@code from} itself when none of the trace's frames is its code (a done future's
   * exception raised by {@code await} without suspending, an exception made elsewhere).
   *
   * <p>Call it before {@code from} is finished, while its caller links hold.
   *
   * @param from the frame the exception left. Not null.
   * @param error the exception. Not null.
   */
  static void raisedIn(Frame from, Throwable error) {
    if (wanted(error)) {
      insert(error, from, false);
    }
  }

  /**
   * {@code error} is raised at the suspension point of {@code at} from outside its chain (the
   * driver resumes it with an error, or the trampoline refuses what it awaits): adds the site of
   * {@code at} and of every frame awaiting it.
   *
   * @param at the innermost frame, where the error is raised. Not null.
   * @param error the exception. Not null.
   */
  static void thrownInto(Frame at, Throwable error) {
    if (wanted(error)) {
      insert(error, at, true);
    }
  }

  /**
   * Returns the stack trace of {@code error} as it is now, for {@link #restore}: a future keeps
   * the trace its exception had when it failed, so that each task awaiting it adds its own await
   * sites to that, not to the sites of the task that awaited it before (Python's {@code
   * Future.result()} raises {@code exc.with_traceback(self._exception_tb)} for the same reason).
   *
   * @param error the exception a future failed with. Not null.
   * @return its trace, or null when async traces leave this exception alone
   */
  public static StackTraceElement[] capture(Throwable error) {
    if (!wanted(error)) {
      return null;
    }
    try {
      StackTraceElement[] trace = error.getStackTrace();
      return trace.length == 0 ? null : trace;
    } catch (RuntimeException unusual) { // a subclass overriding getStackTrace
      return null;
    }
  }

  /**
   * Puts back a trace {@link #capture}d earlier.
   *
   * @param error the exception. Not null.
   * @param trace what {@link #capture} returned. May be null (then nothing happens).
   */
  public static void restore(Throwable error, StackTraceElement[] trace) {
    if (trace != null) {
      try {
        error.setStackTrace(trace);
      } catch (RuntimeException unusual) {
        // a subclass overriding setStackTrace: its trace is its own business
      }
    }
  }

  private static boolean wanted(Throwable error) {
    return ENABLED
        && !(error instanceof CancelledError)
        && !(error instanceof GeneratorExit)
        && !(error instanceof StopIteration)
        && !(error instanceof VirtualMachineError);
  }

  private static void insert(Throwable error, Frame first, boolean includeFirst) {
    try {
      StackTraceElement[] trace = error.getStackTrace();
      if (trace.length == 0) {
        return; // not writable (or emptied on purpose): nothing to add to
      }
      int end = insertionPoint(trace);
      int start = end;
      while (start > 0 && isInserted(trace[start - 1])) {
        start--;
      }
      int room = MAX_AWAITS - (end - start);
      if (room <= 0) {
        return;
      }
      List<StackTraceElement> sites = new ArrayList<>();
      Frame f = first;
      if (!includeFirst) {
        StackTraceElement own = first.location();
        if (own != null && !hasCodeOf(trace, end, own)) {
          sites.add(marked(own));
        }
        f = first.caller;
      }
      for (int walked = 0; f != null; f = f.caller) {
        if (sites.size() == room || ++walked > MAX_WALK) {
          if (sites.isEmpty()) {
            sites.add(OMITTED);
          } else {
            sites.set(sites.size() - 1, OMITTED); // the total stays within MAX_AWAITS
          }
          break;
        }
        StackTraceElement site = f.location();
        if (site != null) {
          sites.add(marked(site));
        }
      }
      if (sites.isEmpty() || endsWith(trace, start, end, sites)) {
        return; // caught and raised again after a suspension: these awaits are there already
      }
      StackTraceElement[] out = new StackTraceElement[trace.length + sites.size()];
      System.arraycopy(trace, 0, out, 0, end);
      for (int i = 0; i < sites.size(); i++) {
        out[end + i] = sites.get(i);
      }
      System.arraycopy(trace, end, out, end + sites.size(), trace.length - end);
      error.setStackTrace(out);
    } catch (RuntimeException | OutOfMemoryError decorationFailed) {
      // The trace is a decoration: never let it replace the exception in flight.
    }
  }

  /** The last line when sites were left out: {@code at io.weft.Asyncio.await(further awaits ...)}. */
  private static final StackTraceElement OMITTED = new StackTraceElement(MARK, null, null,
      "io.weft.Asyncio", "await", "further awaits omitted, limit " + MAX_AWAITS, -1);

  /**
   * Where the await sites go: before the first element of the driver ({@code io.weft.internal}),
   * and before the generated frame class's {@code resume} right above it, so that the user's
   * methods stay together; at the end when the exception was made outside any coroutine (a
   * callback, another thread).
   */
  private static int insertionPoint(StackTraceElement[] trace) {
    for (int i = 0; i < trace.length; i++) {
      if (trace[i].getClassName().startsWith("io.weft.internal.") && !isInserted(trace[i])) {
        if (i > 0 && isFrameResume(trace[i - 1])) {
          return i - 1;
        }
        return i;
      }
    }
    return trace.length;
  }

  /** A generated frame class's {@code resume}: {@code p.C$$m$N.resume} (see {@link FrameNames}). */
  private static boolean isFrameResume(StackTraceElement e) {
    return "resume".equals(e.getMethodName())
        && e.getClassName().contains(FrameNames.SEPARATOR)
        && !isInserted(e);
  }

  private static boolean isInserted(StackTraceElement e) {
    return MARK.equals(e.getClassLoaderName());
  }

  /** Whether the first {@code end} elements hold the method of {@code own} (its code, or its site). */
  private static boolean hasCodeOf(StackTraceElement[] trace, int end, StackTraceElement own) {
    for (int i = 0; i < end; i++) {
      StackTraceElement e = trace[i];
      if (e.getMethodName().equals(own.getMethodName())
          && e.getClassName().equals(own.getClassName())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the inserted run {@code trace[start, end)} already ends with {@code sites}. */
  private static boolean endsWith(
      StackTraceElement[] trace, int start, int end, List<StackTraceElement> sites) {
    int n = sites.size();
    if (end - start < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!trace[end - n + i].equals(sites.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static StackTraceElement marked(StackTraceElement site) {
    return new StackTraceElement(MARK, null, null, site.getClassName(), site.getMethodName(),
        site.getFileName(), site.getLineNumber());
  }
}
