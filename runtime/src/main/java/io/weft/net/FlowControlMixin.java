package io.weft.net;

import io.weft.Asyncio;
import io.weft.ConnectionResetError;
import io.weft.Coro;
import io.weft.Future;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.util.ArrayDeque;

/**
 * The write-side flow control that {@link StreamWriter#drain()} waits on: Python's {@code
 * asyncio.streams.FlowControlMixin}. It records the transport's {@link #pauseWriting()} / {@link
 * #resumeWriting()} signals and the loss of the connection, and wakes the drains waiting.
 *
 * <p>A subclass that overrides {@link #pauseWriting()}, {@link #resumeWriting()} or {@link
 * #connectionLost(Throwable)} must call the super method.
 *
 * <p><b>Thread:</b> the loop's thread only.
 */
public abstract class FlowControlMixin implements Protocol {
  /** Python's {@code _paused}: the transport's buffer is over its high-water mark. */
  boolean paused;

  /** Python's {@code _connection_lost}. */
  boolean connectionLostFlag;

  /** Python's {@code _drain_waiters}: one future per task waiting in drain(). */
  final ArrayDeque<Future<Void>> drainWaiters = new ArrayDeque<>();

  /** Creates the mixin, not paused. */
  protected FlowControlMixin() {}

  /** Records the pause: drains wait from now on. Python's {@code pause_writing()}. */
  @Override
  public void pauseWriting() {
    paused = true;
  }

  /** Ends the pause and wakes every drain waiting. Python's {@code resume_writing()}. */
  @Override
  public void resumeWriting() {
    paused = false;
    for (Future<Void> w : drainWaiters) {
      if (!w.done()) {
        w.setResult(null);
      }
    }
  }

  /**
   * Records the loss of the connection and wakes the drains waiting, with {@code exc} when
   * there is one. Python's {@code connection_lost(exc)}; later drains raise {@link
   * ConnectionResetError} "Connection lost".
   *
   * @param exc the error that ended the connection, or null
   */
  @Override
  public void connectionLost(Throwable exc) {
    connectionLostFlag = true;
    if (!paused) {
      return; // nobody waits: drains wait only while paused
    }
    for (Future<Void> w : drainWaiters) {
      if (!w.done()) {
        if (exc == null) {
          w.setResult(null);
        } else {
          w.setException(exc);
        }
      }
    }
  }

  /**
   * Returns a coroutine that waits while writing is paused. Python's {@code _drain_helper()},
   * what {@link StreamWriter#drain()} awaits after its own checks.
   *
   * <p><b>Suspends</b> only while paused. <b>Cancellation:</b> a cancellation point; cancelled,
   * it leaves the waiters and changes nothing else. <b>Raises</b> (when awaited) {@link
   * ConnectionResetError} "Connection lost" once the connection is lost, or the connection's
   * error when it is lost while the drain waits.
   *
   * @return the coroutine
   */
  @SuppressWarnings("unchecked")
  protected final Coro<Void> drainHelper() {
    return (Coro<Void>) (Coro<?>) new DrainHelper(this);
  }

  /**
   * Returns the future {@link StreamWriter#waitClosed()} awaits for {@code stream}. Python's
   * {@code _get_close_waiter(stream)}.
   *
   * @param stream the writer asking
   * @return a future completed when the connection is lost (with its error, if any)
   */
  protected abstract Future<Void> getCloseWaiter(StreamWriter stream);

  /**
   * {@link #drainHelper()}.
   *
   * <pre>
   *  label 0  lost? raise ConnectionResetError; not paused? return; else await a waiter
   *  label 1  leave the waiters; return or re-raise
   * </pre>
   */
  static final class DrainHelper extends CoroFrame {
    private final FlowControlMixin protocol;
    private Future<Void> waiter;

    DrainHelper(FlowControlMixin protocol) {
      this.protocol = protocol;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          if (protocol.connectionLostFlag) {
            throw new ConnectionResetError("Connection lost");
          }
          if (!protocol.paused) {
            return null;
          }
          Future<Void> w = Asyncio.getRunningLoop().createFuture();
          protocol.drainWaiters.addLast(w);
          waiter = w;
          value = w;
          label = 1;
          return Frame.AWAIT;
        case 1:
          try {
            return resumeValue();
          } finally {
            protocol.drainWaiters.remove(waiter);
            waiter = null;
          }
        default:
          throw new IllegalStateException("drain() resumed at unknown label " + label);
      }
    }

    @Override
    public StackTraceElement location() {
      return site(StreamWriter.class.getName(), "drain", "StreamWriter.java", "");
    }
  }
}
