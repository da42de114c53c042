package io.weft.internal;

import io.weft.Coro;
import io.weft.CoroutineState;
import io.weft.GeneratorExit;
import io.weft.StopAsyncIteration;
import io.weft.StopIteration;
import java.util.Objects;

/**
 * The saved state of one woven coroutine or generator, and the trampoline that resumes chains
 * of them. Python's {@code PyGenObject}, shared by generators, coroutines and async generators
 * as in CPython.
 *
 * <p>The weaver generates one final subclass per {@code @Coroutine} method, holding the live
 * locals and operand-stack values of every suspension point in typed public fields ({@code i0},
 * {@code j0}, {@code f0}, {@code d0}, {@code r0}, ...), and implementing {@link #resume()} by
 * calling the woven body. See {@link Abi} for the woven shape.
 *
 * <h2>States</h2>
 *
 * <pre>
 *  state       meaning                                   value holds
 *  CREATED     built by the @Coroutine call, never run   null (a tracked coroutine: its origin)
 *  RUNNING     its body is on the Java stack             the value sent in, until resumeValue()
 *  SUSPENDED   stopped at a yield or a pending await     null
 *  DELEGATING  stopped in yieldFrom / await of a frame   the delegate frame (down link)
 *  CLOSED      returned, raised or was closed            the root's result, until taken
 *
 *  CREATED ─▶ RUNNING ─▶ SUSPENDED ─▶ RUNNING ─▶ ... ─▶ CLOSED
 *                     └▶ DELEGATING ─(delegate finishes)─▶ RUNNING
 * </pre>
 *
 * <h2>The trampoline</h2>
 *
 * A chain of delegating frames (a generator in {@code yieldFrom}, a coroutine in {@code await} of
 * another coroutine) is never nested on the Java stack. Each frame links up to the frame that
 * delegated to it ({@link #caller}) and the root remembers the innermost frame ({@link
 * #innermost}), so resuming through a chain of any depth costs the same: {@link #drive} runs the
 * innermost frame, and when it returns hands its result to its caller in the same loop.
 *
 * <h2>What an await delegates to</h2>
 *
 * At {@code Asyncio.await(x)} the chain grows by one frame when {@code x} is a {@code Frame}, or
 * a {@link Coro} written by hand (through {@link ForeignFrame}) that is not a {@link
 * LoopAwaitable}; anything else (a future, a task, a sleep, a {@code CompletionStage}) is handed
 * out to the driver, the event loop's task, which resumes the chain when it is done. A {@link
 * ParkingFrame} (a queue's {@code get()} that has to wait) awaits itself: it is handed out too,
 * and the task parks on it.
 *
 * <h2>Async generators</h2>
 *
 * An {@link AsyncGeneratorFrame} runs in the chain below the {@code anext()}/{@code asend()}/
 * {@code athrow()}/{@code aclose()} object awaiting it ({@link AsyncGenOpFrame}). Its awaits
 * travel out to the driver like any other; its {@code AsyncGenerator.yield(v)} does not: the
 * trampoline detaches the generator, leaves it suspended, and resumes the op with {@code v}
 * (CPython's wrapped async-yield value), so the op completes with it.
 */
public abstract class Frame {
  /** Returned by woven code at {@code Generator.yield}: {@code value} holds the yielded value. */
  public static final Object YIELD = new Marker("YIELD");

  /** Returned at {@code Generator.yieldFrom}: {@code value} holds the generator or iterable. */
  public static final Object DELEGATE = new Marker("DELEGATE");

  /** Returned at {@code Asyncio.await}: {@code value} holds the awaitable. */
  public static final Object AWAIT = new Marker("AWAIT");

  /** Returned by {@link #drive} when the root finished normally; its result is in {@code value}. */
  static final Object EXHAUSTED = new Marker("EXHAUSTED");

  static final byte CREATED = 0;
  static final byte RUNNING = 1;
  static final byte SUSPENDED = 2;
  static final byte DELEGATING = 3;
  static final byte CLOSED = 4;

  /** Flag: {@code value} holds an exception to raise at the resume point. */
  static final byte F_THROWING = 1;

  /** Flag (root only): {@code top().value} holds a value fetched by {@code hasNext()}. */
  static final byte F_PEEKED = 2;

  /**
   * Flag: a coroutine created while origin tracking was on, not started yet; {@code value} holds
   * its {@link CoroutineOrigins.Origin}. Set only in state CREATED, so it keeps the frame off the
   * {@code flags == 0} fast paths and on the paths that call {@link CoroutineOrigins#started}.
   */
  static final byte F_TRACKED = 4;

  /**
   * The resume point: 0 before the first run, k after suspending at the k-th suspension point,
   * -1 when closed. Written by woven code and by the runtime.
   */
  public int label;

  /** Out at a suspension, in at a resume: see the state table. */
  public Object value;

  /** The frame that delegated to this one, while this one runs inside its yieldFrom or await. */
  Frame caller;

  /** Root only: the innermost frame of the chain when it last suspended (null: this frame). */
  Frame innermost;

  byte state;
  byte flags;

  /** Creates a frame in state CREATED. Called by the generated subclass. */
  protected Frame() {}

  /**
   * Runs the woven body from {@link #label} until it suspends or returns.
   *
   * @return {@link #YIELD}, {@link #DELEGATE} or {@link #AWAIT} with {@link #value} set when the
   *     body suspends; otherwise the body's result
   */
  protected abstract Object resume();

  /**
   * Called by woven code right after resuming at a suspension point: returns the value sent in,
   * or raises the exception thrown in, so that the body's own handlers see it at the suspension.
   *
   * @return the value the suspension point evaluates to
   */
  public final Object resumeValue() {
    Object in = value;
    value = null;
    if ((flags & F_THROWING) != 0) {
      flags &= ~F_THROWING;
      throw sneaky((Throwable) in);
    }
    return in;
  }

  /** The frame that last handed a value out: the innermost of the chain, or this root. */
  final Frame top() {
    return innermost != null ? innermost : this;
  }

  /**
   * "generator", "coroutine" or "async generator": the word Python's messages use for this kind
   * of frame.
   */
  abstract String kind();

  // ---------------------------------------------------------------- introspection

  /**
   * Returns the frame this one waits in: the coroutine it awaits or the generator it delegates
   * to with {@code yieldFrom}, while it does; otherwise null. Python's {@code cr_await} / {@code
   * gi_yieldfrom} (there, also a future being awaited; here a future is not a frame). Following
   * {@code awaiting()} from a task's coroutine gives its stack, outermost first, as {@code
   * Task.get_stack} walks it.
   *
   * <p>While a chain runs, its root is marked running but still waits in its first delegate
   * (which links back to it); that delegate is returned, so that a task can see its own chain.
   *
   * @return the delegate frame, or null when this frame is not delegating
   */
  public final Frame awaiting() {
    if (state == DELEGATING) {
      return (Frame) value;
    }
    Object v = value;
    return state == RUNNING && v instanceof Frame && ((Frame) v).caller == this ? (Frame) v : null;
  }

  /**
   * Returns where this frame is in its source: the declaring class, the method name as the user
   * wrote it, the source file and the line of the suspension point it is stopped at (the
   * method's first line when it has not started). Python's {@code cr_frame.f_lineno} /
   * {@code gi_frame.f_lineno}, for {@code Task.getStack()} and {@code printStack()}.
   *
   * <p>Woven frame classes override it; the frames the runtime makes itself (for a plain
   * iterable, a hand-written coroutine, an async generator's {@code anext()}) have no source
   * and return null.
   *
   * @return the location, or null for a finished frame and for frames without source; its file
   *     is null and its line negative when the class was compiled without debug information
   */
  public StackTraceElement location() {
    return null;
  }

  /**
   * The body of every woven frame class's {@link #location()}: {@code return site("p.C", "m",
   * "C.java", "\\u0004\\u0007\\u0009");}, where the k-th char of {@code lines} is the source line
   * of resume label k (0: the method's first line), 0 when unknown. A class file stores lines as
   * u2 (JVMS 4.7.12), so one char holds any of them.
   *
   * @param className the binary name of the class declaring the method. Not null.
   * @param methodName the method's name. Not null.
   * @param fileName the source file, or null when the class has none
   * @param lines the line of each label, one char each. Not null.
   * @return the location, or null when the frame is finished
   */
  protected final StackTraceElement site(
      String className, String methodName, String fileName, String lines) {
    if (state == CLOSED) {
      return null;
    }
    int at = label;
    int line = at >= 0 && at < lines.length() && lines.charAt(at) != 0 ? lines.charAt(at) : -1;
    return new StackTraceElement(className, methodName, fileName, line);
  }

  // ---------------------------------------------------------------- protocol shared by kinds

  /**
   * Python's {@code gen_send_ex}: validates the state, then drives the chain rooted here.
   *
   * @return the value handed out, or {@link #EXHAUSTED} with the result in {@link #value}
   */
  final Object step(Object in, boolean throwing) {
    if ((flags & F_PEEKED) != 0) {
      throw new IllegalStateException(
          "a value fetched by hasNext() has not been taken by next(): call next() first");
    }
    Frame cur;
    switch (state) {
      case RUNNING:
        throw new IllegalStateException(kind() + " already executing");
      case CLOSED:
        if (throwing) {
          throw sneaky((Throwable) in);
        }
        return exhaustedAgain();
      case CREATED:
        if (in != null && !throwing) {
          throw new IllegalArgumentException(
              "can't send non-null value to a just-started " + kind());
        }
        if ((flags & F_TRACKED) != 0) {
          CoroutineOrigins.started(this);
        }
        if (throwing) {
          finish(this);
          throw sneaky((Throwable) in);
        }
        cur = this;
        break;
      default:
        cur = innermost;
        if (cur == null || cur.state != SUSPENDED) {
          cur = descend(this);
        }
        if (cur.state == RUNNING) {
          throw new IllegalStateException(kind() + " already executing");
        }
        if (throwing) {
          AsyncTrace.thrownInto(cur, (Throwable) in); // raised at cur's await from outside
        }
    }
    return drive(cur, in, throwing);
  }

  /** What sending to a closed frame gives: Python returns StopIteration(None) for generators. */
  Object exhaustedAgain() {
    value = null;
    return EXHAUSTED;
  }

  /**
   * Python's {@code gen.send} / {@code coro.send}: {@link io.weft.Generator#send} and {@link
   * io.weft.Coro#send} for every kind.
   *
   * @param in the value the pending suspension evaluates to
   * @return the value handed out
   */
  public final Object send(Object in) {
    byte st = state;
    if ((st == SUSPENDED || st == CREATED && in == null) && flags == 0) {
      // fast path: a root stopped at its own yield, or not started
      value = in;
      state = RUNNING;
      Object r;
      try {
        r = resume();
      } catch (Throwable t) {
        throw failed(t);
      }
      if (r == YIELD) {
        Object out = value;
        value = null;
        state = SUSPENDED;
        return out;
      }
      if (r != DELEGATE && r != AWAIT) { // returned r
        state = CLOSED; // finish(this) by hand: no call the frame would escape into
        label = -1;
        value = null;
        caller = null;
        throw new StopIteration(r);
      }
      Object out = resumed(r);
      if (out == EXHAUSTED) {
        throw takeStop();
      }
      return handOut(out);
    }
    Object out = step(in, false);
    if (out == EXHAUSTED) {
      throw takeStop();
    }
    return handOut(out);
  }

  /**
   * What {@link #send} and {@link #throwIn} hand out for {@code out}: a parking frame's wait as a
   * real future, since a driver that is not a task cannot park (see {@link ParkingFrame}).
   */
  private static Object handOut(Object out) {
    return out instanceof ParkingFrame ? ((ParkingFrame) out).handOutFuture() : out;
  }

  /**
   * Python's {@code gen.throw} / {@code coro.throw}.
   *
   * @param error the exception to raise at the pending suspension
   * @return the value handed out next
   */
  public final Object throwIn(Throwable error) {
    Objects.requireNonNull(error, "error");
    Object out = step(error, true);
    if (out == EXHAUSTED) {
      throw takeStop();
    }
    return handOut(out);
  }

  /**
   * The driver's step, for the event loop's tasks: {@link #send} or {@link #throwIn} without the
   * {@link StopIteration}. Python's {@code Task.__step} calling {@code coro.send} / {@code
   * coro.throw} and catching {@code StopIteration}.
   *
   * @param in the value the pending await evaluates to (ignored when {@code error} is not null)
   * @param error the exception to raise at the pending await, or null
   * @return the awaitable the chain now waits for, or {@link #RETURNED} when the root returned,
   *     with its result left for {@link #takeResult()}
   */
  public final Object advance(Object in, Throwable error) {
    if (error == null && state == SUSPENDED && flags == 0) {
      // fast path, as in send: a root stopped at its own await
      value = in;
      state = RUNNING;
      Object r;
      try {
        r = resume();
      } catch (Throwable t) {
        throw failed(t);
      }
      if (r == AWAIT && handsOut(this, value)) {
        Object out = value;
        value = null;
        state = SUSPENDED;
        return out;
      }
      return resumed(r);
    }
    return error != null ? step(error, true) : step(in, false);
  }

  /**
   * What {@link #advance} returns when the root returned; its result is then {@link
   * #takeResult()}.
   */
  public static final Object RETURNED = EXHAUSTED;

  /**
   * Takes the result of a root that {@link #advance} reported {@link #RETURNED}.
   *
   * @return the root's result
   */
  public final Object takeResult() {
    Object r = value;
    value = null;
    return r;
  }

  /** Python's {@code gen.close} / {@code coro.close}. */
  public final void close() {
    if (state == CREATED) {
      if ((flags & F_TRACKED) != 0) {
        CoroutineOrigins.started(this); // closed on purpose: Python does not warn either
      }
      finish(this);
      return;
    }
    if (state == CLOSED) {
      return;
    }
    if (state == RUNNING) {
      throw new IllegalStateException(kind() + " already executing");
    }
    if ((flags & F_PEEKED) != 0) {
      flags &= ~F_PEEKED;
      top().value = null; // the value hasNext() fetched is dropped, as Python drops it
    }
    Throwable error = closeChain();
    if (error != null) {
      throw sneaky(error);
    }
  }

  /**
   * Python's {@code gen_close} over a chain of delegating frames, innermost first (iteratively,
   * so a chain of any depth closes without deep recursion): each frame is detached from the frame
   * delegating to it and closed alone; the error its close raised (or none) is what the next frame
   * out receives instead of {@code GeneratorExit}, as {@code gen_close_iter} hands it on. New
   * delegations that a {@code finally} block starts while closing run normally.
   *
   * @return the error closing this root raised, or null when it closed cleanly
   */
  private Throwable closeChain() {
    Frame f = descend(this);
    Throwable error = null;
    for (; ; ) {
      Frame up = f == this ? null : f.caller;
      if (up != null) {
        f.caller = null;
        up.value = null;
        up.state = SUSPENDED;
      }
      error = closeOne(f, error);
      if (up == null) {
        return error;
      }
      f = up;
    }
  }

  /** Closes one frame whose delegates are closed: raises {@code pending} or GeneratorExit in it. */
  private static Throwable closeOne(Frame f, Throwable pending) {
    if (f.state == CLOSED || f.state == CREATED) {
      finish(f);
      return pending;
    }
    if (f.state == DELEGATING) { // its delegate was finished from outside
      f.value = null;
      f.state = SUSPENDED;
    }
    Object out;
    try {
      out = f.drive(f, pending != null ? pending : new GeneratorExit(), true);
    } catch (GeneratorExit closed) {
      return null;
    } catch (Throwable raised) {
      return raised;
    }
    if (out == EXHAUSTED) {
      f.value = null;
      return null;
    }
    return new IllegalStateException(f.kind() + " ignored GeneratorExit");
  }

  /**
   * Python's {@code inspect.getgeneratorstate} / {@code getcoroutinestate}.
   *
   * @return the state
   */
  public final CoroutineState state() {
    switch (state) {
      case CREATED:
        return CoroutineState.CREATED;
      case RUNNING:
        return CoroutineState.RUNNING;
      case CLOSED:
        return CoroutineState.CLOSED;
      default:
        return CoroutineState.SUSPENDED;
    }
  }

  private StopIteration takeStop() {
    Object result = value;
    value = null;
    return new StopIteration(result);
  }

  // ---------------------------------------------------------------- the trampoline

  /**
   * Runs {@code cur}, the innermost frame of the chain rooted at this frame, and every frame the
   * chain moves to, until one hands a value out or this root finishes. The only place woven
   * bodies are invoked.
   *
   * @return the value handed out (a yielded value, or an awaitable that is not a frame), or
   *     {@link #EXHAUSTED} with the root's result in {@link #value}
   */
  final Object drive(Frame cur, Object in, boolean throwing) {
    state = RUNNING;
    return drive0(cur, in, throwing);
  }

  /** {@link #drive} without marking the root RUNNING: the caller has set its state. */
  private Object drive0(Frame cur, Object in, boolean throwing) {
    for (; ; ) {
      if (cur.state == DELEGATING && !throwing) {
        in = null; // its delegate was finished from outside: Python's yield from sees None
      }
      cur.state = RUNNING;
      cur.value = in;
      cur.flags = throwing ? F_THROWING : 0;
      Object r;
      try {
        r = cur.resume();
      } catch (Throwable t) {
        Frame parent = cur.caller;
        Throwable raised = escaped(cur, t);
        if (raised != t) {
          AsyncTrace.thrownInto(cur, raised); // made here for cur: none of its code is in the trace
        } else if (!throwing || t != in) {
          AsyncTrace.raisedIn(cur, t); // raised by cur's code: add the frames awaiting cur
        } // else it was raised into cur and passed through: cur's site is in the trace already
        finish(cur);
        if (cur == this) {
          throw sneaky(raised);
        }
        cur = parent;
        cur.state = SUSPENDED;
        in = raised;
        throwing = true;
        continue;
      }
      if (r == YIELD && cur != this && cur instanceof AsyncGeneratorFrame) {
        // AsyncGenerator.yield(v): completes the op awaiting the generator, which stays
        // suspended at its yield (CPython's async_gen_unwrap_value of a wrapped value)
        Frame op = cur.caller;
        cur.caller = null;
        in = cur.value;
        cur.value = null;
        cur.state = SUSPENDED;
        cur = op;
        cur.state = SUSPENDED;
        throwing = false;
        continue;
      }
      if (r == YIELD || r == AWAIT && handsOut(cur, cur.value)) {
        Object out = cur.value;
        cur.value = null;
        cur.state = SUSPENDED;
        if (cur != this) {
          state = DELEGATING; // value still points at the first delegate
        }
        innermost = cur == this ? null : cur;
        return out;
      }
      if (r == DELEGATE || r == AWAIT) {
        Object target = cur.value;
        cur.value = null;
        Frame sub;
        try {
          sub = delegateFor(target);
        } catch (RuntimeException refused) {
          AsyncTrace.thrownInto(cur, refused);
          in = refused;
          throwing = true;
          continue; // raise the refusal at cur's yieldFrom / await
        }
        if (sub == null) {
          in = null;
          throwing = false;
          continue; // delegate already exhausted: yieldFrom evaluates to null at once
        }
        cur.value = sub;
        cur.state = DELEGATING;
        sub.caller = cur;
        Frame delegator = cur;
        cur = descend(sub);
        in = startValue(delegator);
        throwing = startsThrowing(delegator);
        if (throwing) {
          AsyncTrace.thrownInto(cur, (Throwable) in); // athrow(e) / aclose(): raised in the generator
        }
        continue;
      }
      // cur returned r
      Frame parent = cur.caller;
      finish(cur);
      if (cur == this) {
        value = r;
        return EXHAUSTED;
      }
      cur = parent;
      cur.state = SUSPENDED; // no longer delegating: it resumes with the delegate's result
      in = r;
      throwing = false;
    }
  }

  /**
   * The slow half of the fast paths ({@link #send}, {@link GeneratorFrame#hasNext}): this root,
   * stopped at its own suspension point, was resumed directly and its body returned {@code r},
   * which is not {@link #YIELD}. Carries on exactly as {@link #drive} does after {@code
   * cur.resume()} with {@code cur == this}.
   *
   * @return the value handed out, or {@link #EXHAUSTED} with the result in {@link #value}
   */
  final Object resumed(Object r) {
    if (r == AWAIT && handsOut(this, value)) {
      Object out = value;
      value = null;
      state = SUSPENDED;
      innermost = null;
      return out;
    }
    if (r == DELEGATE || r == AWAIT) {
      Object target = value;
      value = null;
      Frame sub;
      try {
        sub = delegateFor(target);
      } catch (RuntimeException refused) {
        AsyncTrace.thrownInto(this, refused);
        return drive0(this, refused, true);
      }
      if (sub == null) {
        return drive0(this, null, false);
      }
      value = sub;
      state = DELEGATING;
      sub.caller = this;
      return drive0(descend(sub), startValue(this), startsThrowing(this));
    }
    finish(this);
    value = r;
    return EXHAUSTED;
  }

  /** The fast paths' exception exit: what {@link #drive} does for {@code cur == this}. */
  final RuntimeException failed(Throwable t) {
    Throwable raised = escaped(this, t);
    if (raised != t) {
      AsyncTrace.thrownInto(this, raised);
    } else {
      AsyncTrace.raisedIn(this, t);
    }
    finish(this);
    throw sneaky(raised);
  }

  /**
   * Whether {@code cur}, suspended at an await of {@code awaitable}, hands it out to the driver:
   * anything {@link #delegatesOnAwait} refuses, and a {@link ParkingFrame} awaiting itself (it
   * parks its task). Any other frame awaiting itself is delegated to, and refused there as
   * already executing.
   */
  private static boolean handsOut(Frame cur, Object awaitable) {
    return awaitable == cur ? cur instanceof ParkingFrame : !delegatesOnAwait(awaitable);
  }

  /**
   * Whether {@code Asyncio.await(awaitable)} runs {@code awaitable} inside this chain rather than
   * handing it out to the driver: a woven frame, or a {@link Coro} written by hand, unless it is
   * one of the event loop's own awaitables ({@link LoopAwaitable}), which the task handles.
   */
  static boolean delegatesOnAwait(Object awaitable) {
    return awaitable instanceof Frame
        || awaitable instanceof Coro && !(awaitable instanceof LoopAwaitable);
  }

  /**
   * What a delegate is first resumed with: null (Python's {@code yield from} starts with {@code
   * send(None)}), except below an async generator op, which starts the generator with the value
   * of {@code asend(v)} or the exception of {@code athrow(e)} / {@code aclose()}.
   */
  private static Object startValue(Frame delegator) {
    return delegator instanceof AsyncGenOpFrame ? ((AsyncGenOpFrame) delegator).startValue() : null;
  }

  private static boolean startsThrowing(Frame delegator) {
    return delegator instanceof AsyncGenOpFrame && ((AsyncGenOpFrame) delegator).startsThrowing();
  }

  /**
   * Returns the frame to delegate to for {@code target}, or null when it is already exhausted.
   *
   * @throws RuntimeException the error to raise at the delegating suspension point
   */
  private static Frame delegateFor(Object target) {
    if (target instanceof Frame) {
      Frame sub = (Frame) target;
      if (sub.state == RUNNING) {
        throw new IllegalStateException(sub.kind() + " already executing");
      }
      if (sub.caller != null) {
        throw new IllegalStateException(
            sub.kind() + " is already being delegated to by another " + sub.caller.kind());
      }
      if (sub.state == CLOSED) {
        sub.exhaustedAgain();
        return null;
      }
      if (sub.flags != 0) { // one test on the common path: neither peeked nor tracked
        if ((sub.flags & F_PEEKED) != 0) {
          throw new IllegalStateException(
              "cannot delegate to a generator whose next value was fetched by hasNext()");
        }
        if ((sub.flags & F_TRACKED) != 0) {
          CoroutineOrigins.started(sub);
        }
      }
      return sub;
    }
    if (target instanceof Coro && !(target instanceof LoopAwaitable)) {
      return ForeignFrame.of((Coro<?>) target);
    }
    if (target instanceof Iterable) {
      return ForeignFrame.of((Iterable<?>) target);
    }
    Objects.requireNonNull(target, "yieldFrom/await of null");
    throw new IllegalArgumentException(
        "cannot delegate to " + target.getClass().getName() + ": not a generator or iterable");
  }

  /** The innermost frame below {@code f} that can be resumed. */
  static Frame descend(Frame f) {
    while (f.state == DELEGATING) {
      Frame sub = (Frame) f.value;
      if (sub.state == CLOSED) {
        break; // f resumes with null: its delegate was finished from outside
      }
      f = sub;
    }
    return f;
  }

  static void finish(Frame f) {
    f.state = CLOSED;
    f.label = -1;
    f.value = null;
    f.flags = 0;
    f.caller = null;
    f.innermost = null;
  }

  /**
   * PEP 479: a StopIteration escaping a body becomes a RuntimeError (IllegalStateException), and
   * so does a StopAsyncIteration escaping an async generator's body (PEP 525), so that neither
   * is mistaken for the end of the iteration.
   */
  private static Throwable escaped(Frame f, Throwable t) {
    if (t instanceof StopIteration
        || t instanceof StopAsyncIteration && f instanceof AsyncGeneratorFrame) {
      return new IllegalStateException(f.kind() + " raised "
          + (t instanceof StopIteration ? "StopIteration" : "StopAsyncIteration"), t);
    }
    return t;
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  @Override
  public String toString() {
    return "<" + kind() + " " + FrameNames.describe(getClass()) + " " + state() + ">";
  }

  private static final class Marker {
    private final String name;

    Marker(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
