package io.weft.sync;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired: Python's
 * {@code asyncio.BoundedSemaphore}. Everything else, fairness and cancellation included, is the
 * semaphore's.
 *
 * <p><b>Thread:</b> the loop's thread only.
 */
public class BoundedSemaphore extends Semaphore {
  private final int boundValue;

  /** Creates a bounded semaphore with one permit. Python's {@code asyncio.BoundedSemaphore()}. */
  public BoundedSemaphore() {
    this(1);
  }

  /**
   * Creates a bounded semaphore with {@code value} permits, which is also its bound. Python's
   * {@code asyncio.BoundedSemaphore(value)}.
   *
   * @param value the initial and largest number of permits, 0 or more
   * @throws IllegalArgumentException when {@code value} is negative
   */
  public BoundedSemaphore(int value) {
    super(value);
    this.boundValue = value;
  }

  /**
   * Returns a permit, as {@link Semaphore#release()} does. Python's {@code
   * BoundedSemaphore.release()}.
   *
   * @throws IllegalArgumentException "BoundedSemaphore released too many times" when every
   *     permit is already free (Python's ValueError): a release without a matching acquire
   */
  @Override
  public void release() {
    if (value >= boundValue) {
      throw new IllegalArgumentException("BoundedSemaphore released too many times: " + boundValue
          + " permit(s), all free; each release() must match one acquire()");
    }
    super.release();
  }
}
