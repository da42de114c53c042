package io.weft.benchmarks;

import io.weft.CoroutineState;
import io.weft.Generator;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Retained heap bytes of one suspended generator: a whole-program measurement, not a JMH one.
 *
 * <p>Builds {@code count} (default 1,000,000) woven generators, each suspended at its first yield
 * with one int and one reference live ({@link Generators#holding}), keeps them strongly reachable
 * and compares the heap used after full collections before and after; then the same for the
 * hand-written iterator holding the same state ({@link HandHolding}), the baseline, in the same
 * run. The reference they hold is one shared object, so only the generator objects themselves are
 * counted; the array holding them is allocated before the first reading.
 *
 * <p>Then it prints the field layout of both classes (offsets from {@code
 * sun.misc.Unsafe.objectFieldOffset}, read reflectively, the way JOL's fallback does), and, when
 * the jar is also given as {@code -javaagent}, {@link Instrumentation#getObjectSize}.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp benchmarks/target/weft-benchmarks.jar io.weft.benchmarks.FrameFootprint
 * java -javaagent:benchmarks/target/weft-benchmarks.jar -Xms1g -Xmx1g \
 *      -cp benchmarks/target/weft-benchmarks.jar io.weft.benchmarks.FrameFootprint [count] [rounds]
 * </pre>
 */
public final class FrameFootprint {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private FrameFootprint() {}

  /**
   * Runs the measurement.
   *
   * @param args optional: count of generators (default 1,000,000), rounds (default 3)
   */
  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Object shared = new Object();
    IntFunction<Object> woven = i -> suspendedGenerator(i, shared);
    IntFunction<Object> hand = i -> suspendedHand(i, shared);

    System.out.printf(Locale.ROOT, "java %s (%s), %s, %d processors, max heap %d MiB%n",
        System.getProperty("java.version"), System.getProperty("java.vm.name"),
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(Locale.ROOT, "%,d suspended objects per reading%n", count);

    Object[] slots = new Object[count];
    retained(slots, 1000, woven); // defines the frame class and loads everything used below
    retained(slots, 1000, hand);

    double wovenBytes = 0;
    double handBytes = 0;
    for (int round = 1; round <= rounds; round++) {
      wovenBytes = retained(slots, count, woven) / (double) count;
      handBytes = retained(slots, count, hand) / (double) count;
      System.out.printf(Locale.ROOT,
          "round %d: woven generator %.2f B, hand-written iterator %.2f B, ratio %.2f%n",
          round, wovenBytes, handBytes, wovenBytes / handBytes);
    }
    System.out.printf(Locale.ROOT,
        "RESULT bytes per suspended generator: woven %.2f, hand %.2f, ratio woven/hand %.2f%n",
        wovenBytes, handBytes, wovenBytes / handBytes);

    Object frame = suspendedGenerator(1, shared);
    Object baseline = suspendedHand(1, shared);
    System.out.println();
    System.out.print(layout(frame));
    System.out.println();
    System.out.print(layout(baseline));
  }

  /** A woven generator suspended at its first yield, with n and ref saved in its frame. */
  static Object suspendedGenerator(int n, Object ref) {
    Generator<Object> g = Generators.holding(n, ref);
    g.next();
    if (g.state() != CoroutineState.SUSPENDED) {
      throw new AssertionError("not suspended: " + g);
    }
    return g;
  }

  /** The hand-written twin in the same place. */
  static Object suspendedHand(int n, Object ref) {
    HandHolding h = new HandHolding(n, ref);
    h.next();
    return h;
  }

  /** Heap bytes retained by {@code count} objects made by {@code make}, all held in slots. */
  private static long retained(Object[] slots, int count, IntFunction<Object> make) {
    java.util.Arrays.fill(slots, null);
    long before = usedAfterFullGc();
    for (int i = 0; i < count; i++) {
      slots[i] = make.apply(i);
    }
    long after = usedAfterFullGc();
    long sum = 0;
    for (int i = 0; i < count; i++) {
      sum += slots[i].hashCode() & 1; // they are all still here
    }
    if (sum < 0) {
      System.out.println(sum);
    }
    java.util.Arrays.fill(slots, null);
    return after - before;
  }

  /** Heap used after full collections, once two readings in a row agree. */
  private static long usedAfterFullGc() {
    long last = -1;
    for (int i = 0; i < 20; i++) {
      System.gc();
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (used == last) {
        return used;
      }
      last = used;
    }
    return last;
  }

  // ---------------------------------------------------------------- field layout

  /** The instance fields of o's class and its superclasses, by offset. */
  static String layout(Object o) {
    Class<?> type = o.getClass();
    StringBuilder out = new StringBuilder();
    out.append("Field layout of ").append(type.getName()).append(":\n");
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          fields.add(f);
        }
      }
    }
    Method offsetOf;
    Object unsafe;
    int referenceSize;
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
      theUnsafe.setAccessible(true);
      unsafe = theUnsafe.get(null);
      offsetOf = unsafeClass.getMethod("objectFieldOffset", Field.class);
      referenceSize = unsafeClass.getField("ARRAY_OBJECT_INDEX_SCALE").getInt(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return out.append("  (sun.misc.Unsafe not available: ").append(e).append(")\n").toString();
    }
    List<long[]> rows = new ArrayList<>(); // offset, size, index into fields
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      long offset;
      try {
        offset = (Long) offsetOf.invoke(unsafe, f);
      } catch (ReflectiveOperationException e) {
        return out.append("  (cannot read offsets: ").append(e).append(")\n").toString();
      }
      rows.add(new long[] {offset, sizeOf(f.getType(), referenceSize), i});
    }
    rows.sort(Comparator.comparingLong(r -> r[0]));
    long end = rows.isEmpty() ? 0 : rows.get(0)[0];
    out.append(String.format(Locale.ROOT, "  %6s %4s  %s%n", "offset", "size", "field"));
    out.append(String.format(Locale.ROOT, "  %6d %4d  (object header)%n", 0, end));
    for (long[] r : rows) {
      if (r[0] > end) {
        out.append(String.format(Locale.ROOT, "  %6d %4d  (gap)%n", end, r[0] - end));
      }
      Field f = fields.get((int) r[2]);
      out.append(String.format(Locale.ROOT, "  %6d %4d  %s %s.%s%n", r[0], r[1],
          f.getType().getSimpleName(), f.getDeclaringClass().getSimpleName(), f.getName()));
      end = Math.max(end, r[0] + r[1]);
    }
    long size = (end + 7) & ~7L; // default 8-byte object alignment
    if (size > end) {
      out.append(String.format(Locale.ROOT, "  %6d %4d  (alignment padding)%n", end, size - end));
    }
    out.append(String.format(Locale.ROOT,
        "  instance size %d bytes (from offsets, 8-byte alignment)", size));
    Instrumentation inst = SizeAgent.instrumentation();
    if (inst != null) {
      out.append(String.format(Locale.ROOT, "; Instrumentation.getObjectSize: %d bytes",
          inst.getObjectSize(o)));
    }
    return out.append('\n').toString();
  }

  private static long sizeOf(Class<?> t, int referenceSize) {
    if (!t.isPrimitive()) {
      return referenceSize;
    }
    if (t == long.class || t == double.class) {
      return 8;
    }
    if (t == int.class || t == float.class) {
      return 4;
    }
    if (t == short.class || t == char.class) {
      return 2;
    }
    return 1;
  }
}
