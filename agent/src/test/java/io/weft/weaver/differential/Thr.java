package io.weft.weaver.differential;

import io.weft.CoroutineState;
import io.weft.Generator;
import io.weft.GeneratorExit;
import io.weft.StopIteration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second, independent implementation of the generator protocol, for the harness's own checks:
 * each generator body runs on its own thread and {@link #yield} hands control back to the
 * consumer. {@link #yieldFrom} is the expansion of {@code yield from} given in PEP 380, so this
 * implementation follows Python by construction. The threaded variant of a program calls these
 * where the woven variant calls {@code Generator.yield}/{@code yieldFrom}.
 */
public final class Thr {
  private Thr() {}

  /** The body of a threaded generator. */
  public interface Body {
    /**
     * Runs the body.
     *
     * @return its return value
     * @throws Exception whatever it raises
     */
    Object run() throws Exception;
  }

  /** Raised in abandoned bodies to unwind their threads. */
  static final class Kill extends Error {
    private static final long serialVersionUID = 1L;

    Kill() {
      super("killed", null, false, false);
    }
  }

  private static final ThreadLocal<Gen> CURRENT = new ThreadLocal<>();
  private static final List<Gen> LIVE = new ArrayList<>();
  private static volatile boolean killing;

  /**
   * Creates a generator running {@code body} on its own thread once started.
   *
   * @param body the body
   * @return the generator, not started
   */
  public static Generator<Object> start(Body body) {
    Gen g = new Gen(body);
    synchronized (LIVE) {
      LIVE.add(g);
    }
    return g;
  }

  /**
   * Python's {@code yield value}, from the body of a threaded generator.
   *
   * @param value the value handed out
   * @param <S> the type of what is sent back
   * @return what is sent back
   */
  @SuppressWarnings("unchecked")
  public static <S> S yield(Object value) {
    Gen g = CURRENT.get();
    if (g == null) {
      throw new IllegalStateException("Thr.yield outside a threaded generator");
    }
    return (S) g.suspend(value);
  }

  /**
   * Python's {@code yield from sub}: PEP 380's expansion.
   *
   * @param sub the generator to delegate to
   * @param <R> the type of its return value
   * @return its return value
   */
  @SuppressWarnings("unchecked")
  public static <R> R yieldFrom(Generator<?> sub) {
    Object y;
    try {
      y = sub.send(null);
    } catch (StopIteration e) {
      return (R) e.value();
    }
    for (; ; ) {
      Object s;
      try {
        s = Thr.yield(y);
      } catch (GeneratorExit e) {
        sub.close();
        throw e;
      } catch (Throwable e) {
        try {
          y = sub.throwIn(e);
        } catch (StopIteration stop) {
          return (R) stop.value();
        }
        continue;
      }
      try {
        y = sub.send(s);
      } catch (StopIteration stop) {
        return (R) stop.value();
      }
    }
  }

  /**
   * Python's {@code yield from iterable} over a plain iterable: yields each element.
   *
   * @param iterable the elements
   * @param <R> unused
   * @return null
   */
  public static <R> R yieldFromIter(Iterable<?> iterable) {
    Iterator<?> it = iterable.iterator();
    while (it.hasNext()) {
      Object s = Thr.yield(it.next());
      if (s != null) {
        throw new IllegalArgumentException("cannot send a value into yieldFrom of a plain Iterable");
      }
    }
    return null;
  }

  /** Unwinds every body left suspended by the last run, without recording anything. */
  static void killAll() {
    Rt.recording(false);
    killing = true;
    try {
      for (; ; ) {
        Gen victim = null;
        synchronized (LIVE) {
          for (Gen g : LIVE) {
            if (g.state == CoroutineState.SUSPENDED) {
              victim = g;
              break;
            }
          }
        }
        if (victim == null) {
          break;
        }
        try {
          victim.throwIn(new Kill());
        } catch (Throwable expected) {
          // it unwound
        }
      }
      List<Gen> all;
      synchronized (LIVE) {
        all = new ArrayList<>(LIVE);
        LIVE.clear();
      }
      for (Gen g : all) {
        if (g.thread != null) {
          try {
            g.thread.join(10_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (g.thread.isAlive()) {
            throw new AssertionError("a threaded generator did not unwind");
          }
        }
      }
    } finally {
      killing = false;
      Rt.recording(true);
    }
  }

  private static final class Msg {
    static final int YIELD = 0;
    static final int RETURN = 1;
    static final int RAISE = 2;
    final int kind;
    final Object value;
    final Throwable error;

    Msg(int kind, Object value, Throwable error) {
      this.kind = kind;
      this.value = value;
      this.error = error;
    }
  }

  private static final class Gen implements Generator<Object> {
    private final Body body;
    private final SynchronousQueue<Msg> toBody = new SynchronousQueue<>();
    private final SynchronousQueue<Msg> toCaller = new SynchronousQueue<>();
    volatile CoroutineState state = CoroutineState.CREATED;
    Thread thread;
    private Object peeked;
    private boolean hasPeeked;

    Gen(Body body) {
      this.body = body;
    }

    private Object resume(Object in, Throwable error) {
      switch (state) {
        case RUNNING:
          throw new IllegalStateException("generator already executing");
        case CLOSED:
          if (error != null) {
            throw Ref.<RuntimeException>sneaky(error);
          }
          throw new StopIteration(null);
        case CREATED:
          if (error != null) {
            state = CoroutineState.CLOSED;
            throw Ref.<RuntimeException>sneaky(error);
          }
          if (in != null) {
            throw new IllegalArgumentException(
                "can't send non-null value to a just-started generator");
          }
          state = CoroutineState.RUNNING;
          thread = new Thread(this::runBody, "threaded-generator");
          thread.setDaemon(true);
          thread.start();
          break;
        default:
          state = CoroutineState.RUNNING;
          put(toBody, new Msg(Msg.YIELD, in, error));
      }
      Msg m = take(toCaller);
      if (m.kind == Msg.YIELD) {
        state = CoroutineState.SUSPENDED;
        return m.value;
      }
      state = CoroutineState.CLOSED;
      if (m.kind == Msg.RETURN) {
        throw new StopIteration(m.value);
      }
      if (m.error instanceof StopIteration) {
        throw new IllegalStateException("generator raised StopIteration", m.error);
      }
      throw Ref.<RuntimeException>sneaky(m.error);
    }

    private void runBody() {
      CURRENT.set(this);
      Msg out;
      try {
        out = new Msg(Msg.RETURN, body.run(), null);
      } catch (Throwable t) {
        out = new Msg(Msg.RAISE, null, t);
      }
      put(toCaller, out);
    }

    Object suspend(Object v) {
      if (killing) {
        throw new Kill();
      }
      put(toCaller, new Msg(Msg.YIELD, v, null));
      Msg in = take(toBody);
      if (in.error != null) {
        throw Ref.<RuntimeException>sneaky(in.error);
      }
      return in.value;
    }

    @Override
    public Object send(Object value) {
      return resume(value, null);
    }

    @Override
    public Object throwIn(Throwable error) {
      Objects.requireNonNull(error, "error");
      return resume(null, error);
    }

    @Override
    public void close() {
      if (state == CoroutineState.CREATED) {
        state = CoroutineState.CLOSED;
        return;
      }
      if (state == CoroutineState.CLOSED) {
        return;
      }
      hasPeeked = false;
      peeked = null;
      try {
        resume(null, new GeneratorExit());
      } catch (GeneratorExit | StopIteration expected) {
        return;
      }
      throw new IllegalStateException("generator ignored GeneratorExit");
    }

    @Override
    public CoroutineState state() {
      return state;
    }

    @Override
    public boolean hasNext() {
      if (hasPeeked) {
        return true;
      }
      try {
        peeked = send(null);
      } catch (StopIteration end) {
        return false;
      }
      hasPeeked = true;
      return true;
    }

    @Override
    public Object next() {
      if (!hasNext()) {
        throw new NoSuchElementException("generator is exhausted");
      }
      hasPeeked = false;
      Object v = peeked;
      peeked = null;
      return v;
    }

    private static void put(SynchronousQueue<Msg> q, Msg m) {
      try {
        if (!q.offer(m, 60, TimeUnit.SECONDS)) {
          throw new AssertionError("threaded generator stuck");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    private static Msg take(SynchronousQueue<Msg> q) {
      try {
        Msg m = q.poll(60, TimeUnit.SECONDS);
        if (m == null) {
          throw new AssertionError("threaded generator stuck");
        }
        return m;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
