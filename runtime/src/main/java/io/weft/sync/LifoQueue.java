package io.weft.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A last-in, first-out queue: {@link #get()} returns the item put most recently. Python's {@code
 * asyncio.LifoQueue}. Everything else (capacity, waiting, cancellation, {@link #join()}, {@link
 * #shutdown(boolean)}, loop binding, null items) is {@link Queue}'s.
 *
 * @param <T> the type of the items
 */
public class LifoQueue<T> extends Queue<T> {
  private static final Object[] NO_ITEMS = {};

  private Object[] stack = NO_ITEMS;
  private int size;

  /** Creates an unbounded LIFO queue. Python's {@code asyncio.LifoQueue()}. */
  public LifoQueue() {
    super();
  }

  /**
   * Creates a LIFO queue holding at most {@code maxsize} items. Python's {@code
   * asyncio.LifoQueue(maxsize)}.
   *
   * @param maxsize the capacity; zero or less means unbounded
   */
  public LifoQueue(int maxsize) {
    super(maxsize);
  }

  /** Pushes {@code item} on the stack. Python's {@code LifoQueue._put}. */
  @Override
  protected void putItem(T item) {
    if (size == stack.length) {
      stack = Arrays.copyOf(stack, size == 0 ? 8 : Math.multiplyExact(size, 2));
    }
    stack[size++] = item;
  }

  /** Pops the top of the stack. Python's {@code LifoQueue._get}. */
  @Override
  @SuppressWarnings("unchecked")
  protected T getItem() {
    T item = (T) stack[--size];
    stack[size] = null;
    return item;
  }

  @Override
  protected int itemCount() {
    return size;
  }

  /** The items bottom first, the next to be got last: Python's {@code list(self._queue)}. */
  @Override
  @SuppressWarnings("unchecked")
  protected List<T> items() {
    List<T> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add((T) stack[i]);
    }
    return list;
  }
}
