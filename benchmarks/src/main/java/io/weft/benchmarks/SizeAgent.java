package io.weft.benchmarks;

import java.lang.instrument.Instrumentation;

/**
 * Optional: started by {@code -javaagent:weft-benchmarks.jar}, it hands {@link FrameFootprint}
 * the JVM's own {@link Instrumentation#getObjectSize} to cross-check the measured sizes. Weaves
 * nothing.
 */
public final class SizeAgent {
  private static volatile Instrumentation instrumentation;

  private SizeAgent() {}

  /**
   * Keeps the instrumentation.
   *
   * @param args ignored
   * @param inst the instrumentation
   */
  public static void premain(String args, Instrumentation inst) {
    instrumentation = inst;
  }

  static Instrumentation instrumentation() {
    return instrumentation;
  }
}
