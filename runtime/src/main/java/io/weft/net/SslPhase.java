package io.weft.net;

import io.weft.EventLoop;
import io.weft.TimerHandle;

/**
 * A phase of the TLS state machine that has a deadline: the handshake ({@link SslHandshake}) or
 * the shutdown ({@link SslShutdown}). It holds the connection, through which both reach the
 * parts they drive (the engine with its buffers, the read and write sides), and the phase's
 * timer on the loop's clock ({@link EventLoop#callLater}), armed when the phase starts and cancelled when it
 * ends or the connection is lost. Python keeps the two timers as {@code
 * SSLProtocol._handshake_timeout_handle} and {@code _shutdown_timeout_handle}; here they share
 * one piece of bookkeeping, and what an expiry does stays with each phase.
 *
 * <pre>
 *  idle ─startTimer()─▶ armed ─the timer runs─▶ idle, then timedOut()
 *                         └────cancelTimer()──▶ idle      (cancelTimer() when idle: nothing)
 * </pre>
 *
 * <p>Not thread-safe: the loop's thread only.
 */
abstract class SslPhase {
  /** The connection: its state, and through it the other parts and the loop. */
  final SslProtocol ssl;

  /** The phase's time limit in seconds; {@link Double#POSITIVE_INFINITY} for none. */
  private final double timeout;

  /** The armed timer; null when idle, so that a finished phase cancels nothing twice. */
  private TimerHandle timer;

  /**
   * Creates the phase, its timer idle, after checking its time limit: first of all, before
   * anything else of the connection is made, as Python's {@code SSLProtocol} checks {@code
   * ssl_handshake_timeout} and {@code ssl_shutdown_timeout} first.
   *
   * @param ssl the connection; only kept here, so it may still be under construction
   * @param option the option's name for the error message, e.g. {@code "sslHandshakeTimeout"}
   * @param timeout the phase's time limit in seconds; infinity for none
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  SslPhase(SslProtocol ssl, String option, double timeout) {
    ConnectionOptions.checkTimeout(option, timeout);
    this.ssl = ssl;
    this.timeout = timeout;
  }

  /** The phase's time limit in seconds, for the message of an expiry. */
  final double timeout() {
    return timeout;
  }

  /**
   * Arms the timer: {@link #timedOut()} runs on the loop once {@link #timeout()} seconds have
   * passed, unless {@link #cancelTimer()} comes first. An infinite timeout arms nothing: there is
   * no deadline.
   */
  final void startTimer() {
    if (timeout != Double.POSITIVE_INFINITY) {
      timer = ssl.loop.callLater(timeout, this::expire);
    }
  }

  private void expire() {
    timer = null; // it ran: nothing left to cancel
    timedOut();
  }

  /**
   * The phase took longer than its timeout: what to do if it is still running. (It may not be:
   * an abort moves the state on at once, but leaves the timer armed until {@code
   * connectionLost} cancels it on a later iteration.)
   */
  abstract void timedOut();

  /** Cancels the timer if it is armed: the phase ended in time, or the connection is gone. */
  final void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}
