package io.weft.internal;

import io.weft.Coro;
import io.weft.GeneratorExit;
import io.weft.StopAsyncIteration;

/**
 * What {@code anext()}, {@code asend(v)}, {@code hasNext()}, {@code athrow(e)} and {@code
 * aclose()} of an async generator return: CPython's {@code async_generator_asend} and {@code
 * async_generator_athrow}, as a hand-written frame, so that awaiting it puts the generator into
 * the awaiting task's chain and the trampoline keeps driving it iteratively.
 *
 * <pre>
 *  label  CPython state   resume() does
 *  0      INIT            check the generator, then DELEGATE to it; the trampoline starts it with
 *                         startValue() (asend's value; athrow's error, aclose's GeneratorExit)
 *  1      ITER            the generator yielded v (it is still SUSPENDED): complete with v;
 *                         it returned (CLOSED): StopAsyncIteration; it raised: raise that
 *  -1     CLOSED          awaiting it again: "cannot reuse already awaited ..."
 * </pre>
 *
 * While the generator runs below it, its awaits go out to the task; only its {@code yield}
 * comes back here (see {@link Frame}, "Async generators").
 */
final class AsyncGenOpFrame extends Frame implements Coro<Object> {
  static final byte ANEXT = 0;
  static final byte ASEND = 1;
  static final byte HAS_NEXT = 2;
  static final byte ATHROW = 3;
  static final byte ACLOSE = 4;

  private final AsyncGeneratorFrame agen;
  private final byte mode;
  /** asend's value or athrow's error until the generator is started with it. */
  private Object arg;

  AsyncGenOpFrame(AsyncGeneratorFrame agen, byte mode, Object arg) {
    this.agen = agen;
    this.mode = mode;
    this.arg = arg;
  }

  private boolean isSend() {
    return mode <= HAS_NEXT;
  }

  @Override
  String kind() {
    return isSend() ? "async_generator_asend" : "async_generator_athrow";
  }

  @Override
  Object exhaustedAgain() {
    throw new IllegalStateException(isSend()
        ? "cannot reuse already awaited __anext__()/asend()"
        : "cannot reuse already awaited aclose()/athrow()");
  }

  Object startValue() {
    Object in = arg;
    arg = null;
    return in;
  }

  boolean startsThrowing() {
    return !isSend();
  }

  @Override
  protected Object resume() {
    Object in = value;
    value = null;
    boolean throwing = (flags & F_THROWING) != 0;
    flags = 0;
    if (label == 0) {
      label = 1;
      return start();
    }
    return complete(in, throwing);
  }

  /** CPython's INIT branch of {@code async_gen_asend_send} / {@code async_gen_athrow_send}. */
  private Object start() {
    AsyncGeneratorFrame g = agen;
    if ((g.asyncFlags & AsyncGeneratorFrame.RUNNING_ASYNC) != 0) {
      throw new IllegalStateException((mode == ATHROW ? "athrow()" : mode == ACLOSE ? "aclose()"
          : "anext()") + ": asynchronous generator is already running");
    }
    if ((g.asyncFlags & AsyncGeneratorFrame.PEEKED) != 0) {
      if (mode == HAS_NEXT) {
        return Boolean.TRUE; // the fetched value still waits for next()
      }
      if (mode != ACLOSE) {
        throw new IllegalStateException(
            "a value fetched by hasNext() has not been taken by next(): call next() first");
      }
      g.asyncFlags &= ~AsyncGeneratorFrame.PEEKED; // dropped, as a closing loop drops it
      g.value = null;
    }
    if (g.state == CLOSED) {
      if (isSend()) {
        if (mode == HAS_NEXT) {
          return Boolean.FALSE;
        }
        throw new StopAsyncIteration();
      }
      return null; // CPython: athrow()/aclose() of a finished async generator evaluate to None
    }
    if (g.state == CREATED) {
      if (isSend() && arg != null) {
        throw new IllegalArgumentException(
            "can't send non-null value to a just-started async generator");
      }
      if (!isSend()) { // closed without running a line, as gen_throw does before the first line
        finish(g);
        if (mode == ACLOSE) {
          return null;
        }
        throw sneaky((Throwable) startValue());
      }
    }
    if (mode == ACLOSE) {
      arg = new GeneratorExit();
    }
    g.asyncFlags |= AsyncGeneratorFrame.RUNNING_ASYNC;
    value = g;
    return DELEGATE;
  }

  /** CPython's {@code async_gen_unwrap_value}, and aclose's {@code yield_close}/{@code check_error}. */
  private Object complete(Object in, boolean throwing) {
    AsyncGeneratorFrame g = agen;
    g.asyncFlags &= ~AsyncGeneratorFrame.RUNNING_ASYNC;
    if (throwing) {
      if (mode == ACLOSE && (in instanceof GeneratorExit || in instanceof StopAsyncIteration)) {
        return null; // the body finished by letting GeneratorExit out: closed
      }
      throw sneaky((Throwable) in);
    }
    if (g.state == CLOSED) { // the body returned
      if (mode == HAS_NEXT) {
        return Boolean.FALSE;
      }
      if (mode == ACLOSE) {
        return null;
      }
      throw new StopAsyncIteration();
    }
    // the body yielded `in` and stays suspended at its yield
    if (mode == HAS_NEXT) {
      g.value = in;
      g.asyncFlags |= AsyncGeneratorFrame.PEEKED;
      return Boolean.TRUE;
    }
    if (mode == ACLOSE) {
      throw new IllegalStateException("async generator ignored GeneratorExit");
    }
    return in;
  }

  @Override
  public String toString() {
    return "<" + kind() + " of " + agen + " " + state() + ">";
  }
}
