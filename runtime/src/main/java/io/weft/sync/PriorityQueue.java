package io.weft.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A queue that returns its smallest item first: Python's {@code asyncio.PriorityQueue}, a binary
 * min-heap. Everything else (capacity, waiting, cancellation, {@link #join()}, {@link
 * #shutdown(boolean)}, loop binding) is {@link Queue}'s.
 *
 * <p><b>Order:</b> natural ordering ({@link Comparable} items) or a {@link Comparator}. Python's
 * usual {@code (priority, data)} tuples become a record with a comparator, e.g. {@code new
 * PriorityQueue<Job>(Comparator.comparingInt(Job::priority))}. Items that compare equal come out
 * in no particular order, as from Python's {@code heapq}; add a sequence number to the key for
 * first-in, first-out among equals.
 *
 * <p><b>Refused items</b> are refused when put ({@link #putNowait}, or {@link #put} once it has
 * a slot), and the queue is left unchanged: with natural ordering, null ({@link
 * NullPointerException}), an item that is not {@link Comparable}, or one whose {@code compareTo}
 * fails against an item already queued ({@link IllegalArgumentException}, Python's TypeError
 * "'&lt;' not supported"). With a comparator, whatever the comparator throws propagates, and null
 * is allowed if the comparator accepts it.
 *
 * @param <T> the type of the items
 */
public class PriorityQueue<T> extends Queue<T> {
  private static final Object[] NO_ITEMS = {};

  /** Null for natural ordering. */
  private final Comparator<? super T> comparator;

  private Object[] heap = NO_ITEMS;
  private int size;

  /**
   * Creates an unbounded queue of {@link Comparable} items, smallest first. Python's {@code
   * asyncio.PriorityQueue()}.
   */
  public PriorityQueue() {
    this(0);
  }

  /**
   * Creates a queue of at most {@code maxsize} {@link Comparable} items, smallest first. Python's
   * {@code asyncio.PriorityQueue(maxsize)}.
   *
   * @param maxsize the capacity; zero or less means unbounded
   */
  public PriorityQueue(int maxsize) {
    super(maxsize);
    this.comparator = null;
  }

  /**
   * Creates an unbounded queue ordered by {@code comparator}, smallest first.
   *
   * @param comparator the order. Not null.
   */
  public PriorityQueue(Comparator<? super T> comparator) {
    this(0, comparator);
  }

  /**
   * Creates a queue of at most {@code maxsize} items ordered by {@code comparator}, smallest
   * first.
   *
   * @param maxsize the capacity; zero or less means unbounded
   * @param comparator the order. Not null.
   */
  public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
    super(maxsize);
    this.comparator = Objects.requireNonNull(comparator,
        "PriorityQueue comparator is null: use new PriorityQueue<>() for natural ordering");
  }

  /**
   * Returns the comparator, or null for natural ordering (as {@code
   * java.util.PriorityQueue.comparator()}).
   *
   * @return the comparator, or null
   */
  public Comparator<? super T> comparator() {
    return comparator;
  }

  /**
   * Adds {@code item} to the heap. Python's {@code PriorityQueue._put} ({@code heappush}). The
   * place is found before anything moves, so an item that cannot be compared leaves the heap as
   * it was.
   */
  @Override
  protected void putItem(T item) {
    if (comparator == null) {
      checkComparable(item);
    }
    // sift up, in two passes: find the slot (compare only), then shift the parents down
    int slot = size;
    while (slot > 0) {
      int parent = (slot - 1) >>> 1;
      if (compare(item, heap[parent]) >= 0) {
        break;
      }
      slot = parent;
    }
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size == 0 ? 8 : Math.multiplyExact(size, 2));
    }
    int k = size;
    while (k > slot) {
      int parent = (k - 1) >>> 1;
      heap[k] = heap[parent];
      k = parent;
    }
    heap[slot] = item;
    size++;
  }

  /**
   * Removes the smallest item. Python's {@code PriorityQueue._get} ({@code heappop}). As in
   * {@link #putItem}, a comparison that fails leaves the heap as it was.
   */
  @Override
  @SuppressWarnings("unchecked")
  protected T getItem() {
    Object[] h = heap;
    int last = size - 1;
    Object moved = h[last];
    // sift the last item down from the root, in two passes as in putItem; the first records
    // which child it took at each level (bit set: the right one), so the second compares nothing
    int slot = 0;
    long rightTurns = 0;
    int depth = 0;
    int half = last >>> 1; // the slots below half have a child among the first `last` slots
    while (slot < half) {
      int child = 2 * slot + 1;
      if (child + 1 < last && compare(h[child + 1], h[child]) < 0) {
        child++;
        rightTurns |= 1L << depth;
      }
      if (compare(moved, h[child]) <= 0) {
        break;
      }
      slot = child;
      depth++;
    }
    T smallest = (T) h[0];
    int k = 0;
    for (int level = 0; level < depth; level++) {
      int child = 2 * k + 1 + (int) ((rightTurns >>> level) & 1);
      h[k] = h[child];
      k = child;
    }
    h[slot] = moved;
    h[last] = null;
    size = last;
    return smallest;
  }

  @Override
  protected int itemCount() {
    return size;
  }

  /** The items in heap order (the smallest first, the rest as the heap holds them). */
  @Override
  @SuppressWarnings("unchecked")
  protected List<T> items() {
    List<T> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add((T) heap[i]);
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  private int compare(Object a, Object b) {
    if (comparator != null) {
      return comparator.compare((T) a, (T) b);
    }
    try {
      return ((Comparable<Object>) a).compareTo(b);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("PriorityQueue cannot compare " + a.getClass().getName()
          + " with " + b.getClass().getName() + ": put items of one mutually comparable type, or"
          + " give the queue a Comparator", e);
    }
  }

  private void checkComparable(T item) {
    if (item == null) {
      throw new NullPointerException("PriorityQueue with natural ordering cannot order null:"
          + " put non-null items, or give the queue a Comparator that accepts null (e.g."
          + " Comparator.nullsFirst(...))");
    }
    if (!(item instanceof Comparable)) {
      throw new IllegalArgumentException("PriorityQueue item of " + item.getClass().getName()
          + " is not Comparable: make it implement Comparable, or give the queue a Comparator"
          + " (new PriorityQueue<>(comparator))");
    }
  }
}
