package io.weft.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Virtual threads, the baseline of the task workloads, reached through a method handle: this
 * module compiles for Java 17, and {@code Thread.startVirtualThread} exists from Java 21. Run the
 * Loom side on JDK 25.
 */
final class Loom {
  private Loom() {}

  private static final MethodHandle START = find();

  private static MethodHandle find() {
    try {
      return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
          MethodType.methodType(Thread.class, Runnable.class));
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /** Whether this JVM has virtual threads. */
  static boolean available() {
    return START != null;
  }

  /** {@code Thread.startVirtualThread(task)}. */
  static Thread start(Runnable task) {
    if (START == null) {
      throw new IllegalStateException("virtual threads need JDK 21 or later; this is "
          + System.getProperty("java.version") + ": run with JDK 25");
    }
    try {
      return (Thread) START.invokeExact(task);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Joins {@code t}, turning an interruption into an unchecked error. */
  static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
