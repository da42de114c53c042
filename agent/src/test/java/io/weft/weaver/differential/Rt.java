package io.weft.weaver.differential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What generated programs call besides the suspension points: the trace they record their side
 * effects in, and small deterministic helpers. Shared by every variant of a program, so that the
 * woven, the reference and the threaded run append to the same kind of trace.
 *
 * <p>Single-threaded by design: one run at a time (the threaded variant hands control from thread
 * to thread, never running two bodies at once).
 */
public final class Rt {
  private Rt() {}

  /** Beyond this many entries a run is cut short: something loops. */
  static final int TRACE_LIMIT = 20_000;

  private static List<String> trace = new ArrayList<>();
  private static volatile boolean recording = true;

  /** Raised when a run records more than {@link #TRACE_LIMIT} entries. */
  static final class TraceOverflow extends Error {
    private static final long serialVersionUID = 1L;

    TraceOverflow() {
      super("trace longer than " + TRACE_LIMIT + " entries", null, false, false);
    }
  }

  /** Starts a new trace and returns it. */
  static List<String> begin() {
    trace = new ArrayList<>();
    recording = true;
    return trace;
  }

  /** Turns recording of body side effects on or off (off while abandoned bodies unwind). */
  static void recording(boolean on) {
    recording = on;
  }

  /** Records a driver event: always recorded. */
  static void event(String e) {
    if (trace.size() >= TRACE_LIMIT) {
      throw new TraceOverflow();
    }
    trace.add(e);
  }

  /** Records a side effect of a body, unless the body is being abandoned. */
  static void note(String e) {
    if (!recording || Ref.frozen()) {
      return;
    }
    event(e);
  }

  // ------------------------------------------------------------------ called by programs

  /**
   * Records {@code v}.
   *
   * @param v any value
   */
  public static void log(Object v) {
    note("L:" + repr(v));
  }

  /**
   * Records the values of the variables in scope.
   *
   * @param tag where
   * @param vs the values
   */
  public static void snap(String tag, Object... vs) {
    StringBuilder b = new StringBuilder("S:").append(tag).append('=');
    for (int i = 0; i < vs.length; i++) {
      b.append(i == 0 ? "" : ",").append(repr(vs[i]));
    }
    note(b.toString());
  }

  /**
   * Throws {@code Boom(v)} when {@code v mod 7 == 3}; the checked exception of bodies.
   *
   * @param v a value
   * @throws Boom when {@code v mod 7 == 3}
   */
  public static void check(int v) throws Boom {
    note("check:" + v);
    if (Math.floorMod(v, 7) == 3) {
      throw new Boom(v);
    }
  }

  /** Combines three ints, recording the call (shows the order of evaluation). */
  public static int mix(int a, int b, int c) {
    note("mix:" + a + "," + b + "," + c);
    return a * 31 + b * 7 - c;
  }

  /** Combines a long and an int. */
  public static long lmix(long a, int b) {
    note("lmix:" + a + "," + b);
    return a * 3 - b;
  }

  /** Combines a double and a float. */
  public static double dmix(double a, float b) {
    note("dmix:" + a + "," + b);
    return a * 0.5 + b;
  }

  /** Combines values of every kind, recording the call. */
  public static String wide(int a, long b, double c, Object d, float e, char f, boolean g) {
    String s = a + "|" + b + "|" + c + "|" + repr(d) + "|" + e + "|" + f + "|" + g;
    note("wide:" + s);
    return s;
  }

  /** Returns {@code x}: lets {@code yield} statements start with a parenthesis. */
  public static <X> X id(X x) {
    return x;
  }

  /** What the deliberately wrong reference returns instead of {@code v}. */
  public static Object mutant(Object v) {
    return new Pair("mutant", v);
  }

  /** The int an object stands for: its value, its length, -1 for null. */
  public static int iv(Object o) {
    if (o == null) {
      return -1;
    }
    if (o instanceof Number) {
      return ((Number) o).intValue();
    }
    if (o instanceof Character) {
      return (Character) o;
    }
    if (o instanceof Boolean) {
      return (Boolean) o ? 1 : 0;
    }
    return repr(o).length();
  }

  /** Whether {@code iv(o)} is even. */
  public static boolean bv(Object o) {
    return (iv(o) & 1) == 0;
  }

  /** Applies {@code f} to {@code v}. */
  public static int apply(java.util.function.IntUnaryOperator f, int v) {
    return f.applyAsInt(v);
  }

  /** The values, in order. */
  public static String all(Object... vs) {
    StringBuilder b = new StringBuilder("[");
    for (Object v : vs) {
      b.append(b.length() == 1 ? "" : ",").append(repr(v));
    }
    return b.append(']').toString();
  }

  /** A new two-element array. */
  public static int[] arr(int a, int b) {
    return new int[] {a, b};
  }

  /** The contents of an array. */
  public static String arrs(int[] a) {
    return Arrays.toString(a);
  }

  /** The value as a string that is the same in every run: see {@link #repr}. */
  public static String str(Object o) {
    return repr(o);
  }

  /**
   * The value with its type, identical across runs: no identity hash codes, and no message for
   * {@link NullPointerException} (its helpful message describes the bytecode, which weaving
   * changes).
   */
  public static String repr(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Integer) {
      return "i" + v;
    }
    if (v instanceof Long) {
      return "j" + v;
    }
    if (v instanceof Double) {
      return "d" + v;
    }
    if (v instanceof Float) {
      return "f" + v;
    }
    if (v instanceof Boolean) {
      return "z" + v;
    }
    if (v instanceof Character) {
      return "c'" + v + "'";
    }
    if (v instanceof Short || v instanceof Byte) {
      return v.getClass().getSimpleName() + v;
    }
    if (v instanceof String) {
      return "\"" + v + "\"";
    }
    if (v instanceof int[]) {
      return "I" + Arrays.toString((int[]) v);
    }
    if (v instanceof Pair || v instanceof Res) {
      return v.toString();
    }
    if (v instanceof Throwable) {
      return throwable((Throwable) v);
    }
    return v.getClass().getName() + "?";
  }

  private static String throwable(Throwable t) {
    StringBuilder b = new StringBuilder(t.getClass().getSimpleName());
    if (!(t instanceof NullPointerException)) {
      b.append('(').append(t.getMessage()).append(')');
    }
    for (Throwable s : t.getSuppressed()) {
      b.append("+suppressed:").append(throwable(s));
    }
    return b.toString();
  }
}
