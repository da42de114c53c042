package io.weft;

import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@link Asyncio#asCompleted} returns: Python's {@code tasks._AsCompletedIterator} used as a
 * plain iterator. Each {@link Iterator#next()} gives a new coroutine; awaiting it gives the result
 * of the next awaitable to finish (or raises its exception), in completion order. After the
 * timeout, every remaining coroutine raises {@link TimeoutError}.
 *
 * <p>Completions go into a FIFO of done futures; each coroutine takes one, waiting on a private
 * getter future while the FIFO is empty (Python uses an {@code asyncio.Queue} for the same).
 * The timeout puts one "timed out" marker per unfinished awaitable into the FIFO and stops
 * listening to them; it cancels nothing.
 *
 * <p>Like Python's, the object is its own iterator: it can be iterated once. The async-iterator
 * form of Python 3.13 (yielding the original futures) is not provided yet.
 */
final class AsCompleted<T> implements Iterable<Coro<T>>, Iterator<Coro<T>> {
  /** Python puts None in the queue for a timeout. */
  private static final Object TIMED_OUT = new Object();

  private final EventLoop loop;
  private final Set<Future<? extends T>> todo = new LinkedHashSet<>();
  private final ArrayDeque<Object> done = new ArrayDeque<>();
  private final ArrayDeque<Future<Void>> getters = new ArrayDeque<>();
  private final Consumer<Future<?>> onCompletion = this::handleCompletion;
  private TimerHandle timeoutHandle;
  private int todoLeft;

  AsCompleted(Collection<? extends Awaitable<? extends T>> aws, double timeout) {
    Objects.requireNonNull(aws, "asCompleted() awaitables: the collection is null");
    if (Double.isNaN(timeout)) {
      throw new IllegalArgumentException(
          "asCompleted() timeout is NaN: use Double.POSITIVE_INFINITY for no timeout");
    }
    Set<Awaitable<? extends T>> distinct = new LinkedHashSet<>();
    for (Awaitable<? extends T> aw : aws) {
      distinct.add(Objects.requireNonNull(aw, "asCompleted() awaitables: null element"));
    }
    this.loop = Asyncio.getEventLoop();
    for (Awaitable<? extends T> aw : distinct) {
      todo.add(Asyncio.ensureFuture(aw, loop));
    }
    for (Future<? extends T> f : todo) {
      f.addDoneCallback(onCompletion);
    }
    if (!todo.isEmpty() && timeout != Double.POSITIVE_INFINITY) {
      timeoutHandle = loop.callLater(timeout, this::handleTimeout);
    }
    todoLeft = todo.size();
  }

  /** Returns this object: like Python's, it is its own (single-use) iterator. */
  @Override
  public Iterator<Coro<T>> iterator() {
    return this;
  }

  @Override
  public boolean hasNext() {
    return todoLeft > 0;
  }

  /**
   * Returns a coroutine giving the next result in completion order. Python's {@code __next__},
   * yielding {@code _wait_for_one(resolve=True)}.
   */
  @Override
  @SuppressWarnings("unchecked")
  public Coro<T> next() {
    if (todoLeft == 0) {
      throw new NoSuchElementException("asCompleted(): every awaitable was already handed out");
    }
    todoLeft--;
    return (Coro<T>) (Coro<?>) new WaitForOne();
  }

  private void handleTimeout() {
    for (Future<? extends T> f : todo) {
      f.removeDoneCallback(onCompletion);
      put(TIMED_OUT);
    }
    todo.clear();
  }

  private void handleCompletion(Future<?> f) {
    if (todo.isEmpty()) {
      return; // handleTimeout() was here first
    }
    todo.remove(f);
    put(f);
    if (todo.isEmpty() && timeoutHandle != null) {
      timeoutHandle.cancel();
    }
  }

  /** Python's {@code Queue.put_nowait}: wake the first getter still waiting. */
  private void put(Object item) {
    done.add(item);
    wakeNextGetter();
  }

  private void wakeNextGetter() {
    while (!getters.isEmpty()) {
      Future<Void> g = getters.poll();
      if (!g.done()) {
        g.setResult(null);
        return;
      }
    }
  }

  /**
   * Python's {@code _wait_for_one(resolve=True)} with the queue's {@code get()} inlined.
   *
   * <pre>
   *  label 0  an item is queued? take it : park on a new getter future (label 1)
   *  label 1  woken: back to label 0; cancelled: withdraw, pass the wake-up on, re-raise
   * </pre>
   */
  private final class WaitForOne extends CoroFrame {
    private Future<Void> getter;

    @Override
    protected Object resume() {
      if (label == 1) {
        try {
          resumeValue();
        } catch (Throwable t) {
          getter.cancel();
          getters.remove(getter);
          if (!done.isEmpty() && !getter.cancelled()) {
            wakeNextGetter(); // the wake-up we were given goes to the next getter
          }
          throw t;
        }
      } else {
        resumeValue();
      }
      if (done.isEmpty()) {
        getter = loop.createFuture();
        getters.add(getter);
        value = getter;
        label = 1;
        return Frame.AWAIT;
      }
      Object item = done.poll();
      if (item == TIMED_OUT) {
        throw new TimeoutError();
      }
      return ((Future<?>) item).result();
    }
  }
}
