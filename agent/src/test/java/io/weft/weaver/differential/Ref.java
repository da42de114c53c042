package io.weft.weaver.differential;

import io.weft.GeneratorExit;

/**
 * The reference semantics of the suspension points, for bodies that run as plain Java calls: the
 * reference variant of a program calls {@code Ref.yield} where the woven one calls {@code
 * Generator.yield}, {@code Ref.yieldFrom(h(..))} (a plain call of the reference helper) where it
 * calls {@code Generator.yieldFrom(h(..))}, and returns {@code r} where it returns {@code
 * Generator.done(r)}.
 *
 * <p>{@link #yield} records the yielded value and performs the consumer's next scripted action
 * right there: it returns the value sent, raises the exception thrown in, or raises {@link
 * GeneratorExit} for {@code close()}.
 *
 * <p>Delegation follows Python (PEP 380, CPython's {@code gen_close}): the reference helpers are
 * wrapped by {@link #enter}/{@link #exitReturn}/{@link #exitThrow}, which keep a stack of
 * frames. {@code close()} closes every frame on the stack at that moment (innermost first). A
 * closing frame that yields ignores its GeneratorExit: it stays suspended (what it would do next
 * is dropped: {@link #frozen()}), and its closer gets "generator ignored GeneratorExit" raised at
 * its {@code yieldFrom}, or from {@code close()} for the outermost. A closing helper that returns
 * raises GeneratorExit in its caller; a helper first called while closing returns normally.
 */
public final class Ref {
  private Ref() {}

  /** Unwinds a body that the consumer abandons; nothing it does is recorded. */
  static final class Abort extends Error {
    private static final long serialVersionUID = 1L;

    Abort() {
      super("abandoned", null, false, false);
    }
  }

  private static Script script;
  private static int step;
  private static int depth;
  private static int closingUpTo = -1;
  private static int frozenFrom = -1;
  private static Script.Kind lastKind;

  /** Starts a reference run: the body will consume the actions from step 1 on. */
  static void begin(Script s) {
    script = s;
    lastKind = s.get(0).kind;
    step = 1;
    depth = 0;
    closingUpTo = -1;
    frozenFrom = -1;
  }

  /** Ends a reference run. */
  static void end() {
    script = null;
    frozenFrom = -1;
    closingUpTo = -1;
  }

  /** Whether the frame being run has been abandoned (its effects are not recorded). */
  static boolean frozen() {
    return frozenFrom >= 0;
  }

  /** Whether the outermost body ignored GeneratorExit (close() fails). */
  static boolean rootIgnoredExit() {
    return frozenFrom == 0;
  }

  /** The kind of the last action the consumer performed. */
  static Script.Kind lastKind() {
    return lastKind;
  }

  /** Whether the outermost body is being closed. */
  static boolean rootClosing() {
    return closingUpTo >= 0;
  }

  /**
   * The reference {@code Generator.yield}.
   *
   * @param value the value handed to the consumer
   * @param <S> the type of the value sent back
   * @return the value the consumer sends
   */
  @SuppressWarnings("unchecked")
  public static <S> S yield(Object value) {
    if (frozenFrom >= 0) {
      throw new Abort();
    }
    if (closingUpTo >= 0) {
      frozenFrom = Math.min(depth, closingUpTo);
      throw new Abort();
    }
    Rt.event("Y:" + Rt.repr(value));
    Script.Action a = script.get(step++);
    lastKind = a.kind;
    Rt.event(">" + a);
    switch (a.kind) {
      case THROW:
        throw Ref.<RuntimeException>sneaky(a.exception());
      case CLOSE:
        closingUpTo = depth;
        throw new GeneratorExit();
      case SEND:
        return (S) a.value;
      default:
        return null; // the Iterator protocol sends nothing
    }
  }

  /**
   * The reference {@code Generator.yieldFrom(helper(..))}: the helper already ran (a plain call),
   * this is its return value.
   *
   * @param result what the reference helper returned
   * @param <R> its type
   * @return {@code result}
   */
  @SuppressWarnings("unchecked")
  public static <R> R yieldFrom(Object result) {
    return (R) result;
  }

  /**
   * The reference {@code Generator.yieldFrom(iterable)}: yields each element; evaluates to null.
   *
   * @param iterable the elements
   * @param <R> unused
   * @return null
   */
  public static <R> R yieldFromIter(Iterable<?> iterable) {
    for (Object x : iterable) {
      Ref.yield(x);
    }
    return null;
  }

  /** Called first by every reference helper: a frame is pushed. */
  public static void enter() {
    depth++;
  }

  /**
   * Called by a reference helper that returns {@code r}.
   *
   * @param r its return value
   * @return what its caller's {@code yieldFrom} evaluates to
   */
  public static Object exitReturn(Object r) {
    int d = depth--;
    if (frozenFrom >= 0) {
      if (frozenFrom == d) {
        throw ignored(d);
      }
      throw new Abort();
    }
    if (closingUpTo >= d) {
      closingUpTo = d - 1;
      throw new GeneratorExit();
    }
    return r;
  }

  /**
   * Called by a reference helper whose body raised {@code t}.
   *
   * @param t what it raised
   * @return what to raise at its caller's {@code yieldFrom}
   */
  public static Throwable exitThrow(Throwable t) {
    int d = depth--;
    if (frozenFrom >= 0) {
      if (frozenFrom == d) {
        return ignored(d);
      }
      return t instanceof Abort ? t : new Abort();
    }
    if (closingUpTo >= d) {
      closingUpTo = d - 1;
    }
    return t;
  }

  private static IllegalStateException ignored(int d) {
    frozenFrom = -1;
    closingUpTo = d - 1;
    return new IllegalStateException("generator ignored GeneratorExit");
  }

  /**
   * Throws {@code t} whatever its type.
   *
   * @param t the exception
   * @param <E> the type javac believes
   * @return never
   * @throws E always
   */
  @SuppressWarnings("unchecked")
  public static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
