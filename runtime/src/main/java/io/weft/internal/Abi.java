package io.weft.internal;

/**
 * The names and numbers woven code and the weaver agree on. The weaver (in {@code weft-agent})
 * reads these constants, so the two sides cannot drift apart silently.
 *
 * <p>Woven shape of a {@code @Coroutine} method {@code m} of class {@code C}:
 *
 * <pre>
 * // the class's static initializer first defines the frame classes from embedded bytes:
 * static { FrameFactory.define(MethodHandles.lookup(), ABI, "C$$m$0", "&lt;bytes&gt;"); ... }
 *
 * // the original method keeps its signature; its body only builds the frame:
 * static Generator&lt;T&gt; m(int a, String b) { return new C$$m$0(a, b); }
 *
 * // the frame class (fields, and where each label is in the source):
 * final class C$$m$0 extends GeneratorFrame { public int i0; public Object r0;
 *     C$$m$0(int a, String b) { i0 = a; r0 = b; }
 *     protected Object resume() { return C.m(this); }
 *     public StackTraceElement location() {       // labels 0, 1 are at lines 7, 9
 *         return site("p.C", "m", "C.java", "\\u0007\\u0009"); } }
 *
 * // the body, moved into a synthetic static method of C taking the frame:
 * static synthetic Object m(C$$m$0 f) {
 *     switch (f.label) { case 0: restore arguments; ... case k: restore live state; goto resume_k; }
 *     ...  at suspension k: f.value = v; save live state into f; f.label = k; return Frame.YIELD;
 *     ...  await(Asyncio.sleep(d)) calls AwaitSupport.sleep(d) instead of Asyncio.sleep(d);
 *     resume_k: x = f.resumeValue();   // the sent value, or the thrown-in exception raised here
 *     ...  return result;              // was: return Generator.done(result)
 * }
 * </pre>
 */
public final class Abi {
  private Abi() {}

  /** Version of this ABI. Bump it whenever the shape above or a name below changes. */
  public static final int VERSION = 4;

  /** Descriptor of the annotation that marks coroutine methods. */
  public static final String COROUTINE_DESC = "Lio/weft/Coroutine;";

  /** Descriptor of the marker on woven classes ({@link Woven}). */
  public static final String WOVEN_DESC = "Lio/weft/internal/Woven;";

  /** Internal name of {@link Frame}. */
  public static final String FRAME = "io/weft/internal/Frame";

  /** Internal name of {@link GeneratorFrame}, the base of generator frames. */
  public static final String GENERATOR_FRAME = "io/weft/internal/GeneratorFrame";

  /** Internal name of {@link CoroFrame}, the base of async coroutine frames. */
  public static final String CORO_FRAME = "io/weft/internal/CoroFrame";

  /** Internal name of {@link AsyncGeneratorFrame}, the base of async generator frames. */
  public static final String ASYNC_GENERATOR_FRAME = "io/weft/internal/AsyncGeneratorFrame";

  /** Field {@code int label}: the resume point; 0 before the first run. */
  public static final String FIELD_LABEL = "label";

  /** Field {@code Object value}: what a suspension hands out. */
  public static final String FIELD_VALUE = "value";

  /** Method {@code Object resume()} implemented by each frame class. */
  public static final String METHOD_RESUME = "resume";

  /** Method {@code Object resumeValue()} called by woven code at each resume point. */
  public static final String METHOD_RESUME_VALUE = "resumeValue";

  /** Method {@code StackTraceElement location()} implemented by each frame class. */
  public static final String METHOD_LOCATION = "location";

  /** Descriptor of {@link Frame#location()}. */
  public static final String LOCATION_DESC = "()Ljava/lang/StackTraceElement;";

  /** Method {@link Frame#site}, the body of every {@code location()}. */
  public static final String METHOD_SITE = "site";

  /** Descriptor of {@link Frame#site}. */
  public static final String SITE_DESC = "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;"
      + "Ljava/lang/String;)Ljava/lang/StackTraceElement;";

  /** Static marker fields of {@link Frame} returned at a suspension, by kind. */
  public static final String MARK_YIELD = "YIELD";

  /** Marker returned by {@code Generator.yieldFrom}: {@code value} is the delegate. */
  public static final String MARK_DELEGATE = "DELEGATE";

  /** Marker returned by {@code Asyncio.await}: {@code value} is the awaitable. */
  public static final String MARK_AWAIT = "AWAIT";

  /** Internal name of {@link FrameFactory}, which defines frame classes. */
  public static final String FRAME_FACTORY = "io/weft/internal/FrameFactory";

  /** Name of {@link FrameFactory#define}. */
  public static final String DEFINE = "define";

  /** Descriptor of {@link FrameFactory#define}. */
  public static final String DEFINE_DESC =
      "(Ljava/lang/invoke/MethodHandles$Lookup;ILjava/lang/String;Ljava/lang/String;)V";

  /** Internal name of {@link AwaitSupport}, the await fast path. */
  public static final String AWAIT_SUPPORT = "io/weft/internal/AwaitSupport";

  /**
   * Method {@link AwaitSupport#sleep(double)}, descriptor {@link #SLEEP_DESC}: woven code calls it
   * in place of {@code Asyncio.sleep(double)} when the coroutine is awaited at once (ABI 4).
   */
  public static final String METHOD_SLEEP = "sleep";

  /** Descriptor of {@link AwaitSupport#sleep(double)}. */
  public static final String SLEEP_DESC = "(D)Ljava/lang/Object;";
}
