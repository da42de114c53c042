package io.weft.internal;

import io.weft.AsyncGenerator;
import io.weft.Coro;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Base class of the frames of {@code @Coroutine} methods returning {@link AsyncGenerator}:
 * Python's async generator object (PEP 525). The weaver generates one final subclass per method,
 * exactly as for generators and coroutines; its body returns {@code YIELD} at {@code
 * AsyncGenerator.yield(v)} and {@code AWAIT} at {@code Asyncio.await(x)}.
 *
 * <p>The protocol methods only build an {@link AsyncGenOpFrame} (CPython's {@code
 * async_generator_asend} / {@code async_generator_athrow}); the op runs this frame below itself
 * in the awaiting task's chain when it is awaited. Besides the frame's state, an async generator
 * keeps CPython's flags:
 *
 * <pre>
 *  flag            CPython             set                           cleared
 *  RUNNING_ASYNC   ag_running_async    an op starts the body         the op completes or fails
 *  HOOKED          ag_hooks_inited     the first op is created       never
 *  PEEKED          (Weft: hasNext)     hasNext() fetched a value     next() takes it (in value)
 * </pre>
 */
public abstract class AsyncGeneratorFrame extends Frame implements AsyncGenerator<Object> {
  static final byte RUNNING_ASYNC = 1;
  static final byte HOOKED = 2;
  static final byte PEEKED = 4;

  /** The flags of the table above. */
  byte asyncFlags;

  /** Creates an async generator in state CREATED. */
  protected AsyncGeneratorFrame() {}

  @Override
  final String kind() {
    return "async generator";
  }

  @Override
  public final Coro<Object> anext() {
    return op(AsyncGenOpFrame.ANEXT, null);
  }

  @Override
  public final Coro<Object> asend(Object value) {
    return op(AsyncGenOpFrame.ASEND, value);
  }

  @Override
  public final Coro<Object> athrow(Throwable error) {
    Objects.requireNonNull(error, "error");
    return op(AsyncGenOpFrame.ATHROW, error);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public final Coro<Void> aclose() {
    return (Coro) op(AsyncGenOpFrame.ACLOSE, null);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public final Coro<Boolean> hasNext() {
    return (Coro) op(AsyncGenOpFrame.HAS_NEXT, null);
  }

  @Override
  public final Object next() {
    if ((asyncFlags & PEEKED) == 0) {
      throw new NoSuchElementException("async generator " + FrameNames.describe(getClass())
          + " has no value waiting: await hasNext() before each next()");
    }
    asyncFlags &= ~PEEKED;
    Object out = value;
    value = null;
    return out;
  }

  /** CPython's {@code async_gen_init_hooks} runs where every op is created. */
  private AsyncGenOpFrame op(byte mode, Object arg) {
    if ((asyncFlags & HOOKED) == 0) {
      asyncFlags |= HOOKED;
      AsyncGenHooks.firstIter(this);
    }
    return new AsyncGenOpFrame(this, mode, arg);
  }
}
