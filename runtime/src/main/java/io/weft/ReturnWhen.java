package io.weft;

/**
 * When {@link Asyncio#wait(java.util.Collection, double, ReturnWhen)} returns: Python's {@code
 * asyncio.FIRST_COMPLETED}, {@code FIRST_EXCEPTION} and {@code ALL_COMPLETED} (the constants
 * {@code concurrent.futures} defines). Also reachable as {@link Asyncio#FIRST_COMPLETED} and its
 * siblings.
 */
public enum ReturnWhen {
  /** Return as soon as any future is done (with a result, an exception or cancelled). */
  FIRST_COMPLETED,
  /**
   * Return when any future finishes with an exception (a cancellation does not count), or when
   * all are done.
   */
  FIRST_EXCEPTION,
  /** Return when every future is done. The default. */
  ALL_COMPLETED
}
