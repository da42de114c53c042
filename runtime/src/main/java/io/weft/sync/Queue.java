package io.weft.sync;

import io.weft.Coro;
import io.weft.Future;
import io.weft.internal.EagerCoroFrame;
import io.weft.internal.Frame;
import io.weft.internal.ParkingFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A first-in, first-out queue for coordinating producer and consumer tasks on one event loop:
 * Python's {@code asyncio.Queue}, including {@code shutdown()} (Python 3.13).
 *
 * <pre>
 *   Queue&lt;String&gt; q = new Queue&lt;&gt;(10);     // asyncio.Queue(maxsize=10)
 *   await(q.put("job"));                         // await q.put("job")
 *   String job = await(q.get());                 // job = await q.get()
 *   q.taskDone();                                // q.task_done()
 *   await(q.join());                             // await q.join()
 * </pre>
 *
 * <p><b>Capacity:</b> a {@code maxsize} of zero or less means unbounded; otherwise {@link #put}
 * waits while {@link #qsize()} items are in the queue, and {@link #putNowait} raises {@link
 * QueueFull}.
 *
 * <p><b>Waiting and fairness</b> (CPython's {@code _wakeup_next}): {@link #get()} on an empty queue
 * and {@link #put} on a full one wait in FIFO order (Python registers a waiter future; here the
 * waiting coroutine itself stands for it, and the task parks on it). Each item put wakes the
 * first getter still waiting, each item taken wakes the first putter still waiting. As in
 * Python, a woken task re-checks when it runs: a task that arrives in between with {@link
 * #getNowait()} or a {@code get()} that does not need to wait may take the item first, and the
 * woken task then waits again, at the back.
 *
 * <p><b>Cancellation never loses an item or a slot:</b> a task cancelled while it waits in {@code
 * get()} or {@code put()} is removed from the waiters at once; a task cancelled in the same loop
 * pass in which it was woken raises {@link io.weft.CancelledError} without taking the item (or
 * the slot) and passes its wakeup on to the next waiter while items (slots) remain.
 *
 * <p><b>Unfinished tasks:</b> every item put counts as one unfinished task until a consumer calls
 * {@link #taskDone()}; {@link #join()} waits until the count is zero.
 *
 * <p><b>Shutdown</b> ({@link #shutdown(boolean)}): afterwards puts raise {@link QueueShutDown},
 * gets drain what is left and then raise it; an immediate shutdown drops the items left (counting
 * each as done) so that gets raise at once. Every waiting getter and putter is woken to see it.
 *
 * <p><b>Null items</b> are allowed, as Python allows {@code None}: the queue's own storage is a
 * ring buffer that holds null. ({@link PriorityQueue} with natural ordering refuses null, since it
 * cannot be ordered.)
 *
 * <p><b>Subclasses</b> change the order by overriding the storage hooks {@link #putItem}, {@link
 * #getItem}, {@link #itemCount} and {@link #items} together (Python's {@code _put}, {@code _get}
 * and {@code len(self._queue)}); their own constructor plays Python's {@code _init}. See {@link
 * LifoQueue} and {@link PriorityQueue}.
 *
 * <p><b>Loop:</b> the queue binds to the loop of the first task that has to wait on it; waiting
 * from another loop raises {@link IllegalStateException} "... is bound to a different event loop"
 * (Python's {@code _LoopBoundMixin}). Operations that do not wait work from any loop.
 *
 * <p><b>Thread:</b> not thread-safe, like asyncio's: use it from its loop's thread. To feed it
 * from another thread, go through {@code loop.callSoonThreadsafe(() -> q.putNowait(x))}.
 *
 * @param <T> the type of the items
 */
public class Queue<T> extends LoopBound {
  private static final Object[] NO_ITEMS = {};

  private final int maxsize;

  /**
   * Python's {@code _getters}: the get() coroutines waiting, in arrival order. Each stands for
   * the waiter future of Python's code (see {@link ParkingFrame}): waiting allocates nothing.
   */
  private final ArrayDeque<ParkingFrame> getters = new ArrayDeque<>();

  /** Python's {@code _putters}: the put() coroutines waiting, in arrival order. */
  private final ArrayDeque<ParkingFrame> putters = new ArrayDeque<>();

  private int unfinishedTasks;
  private boolean isShutdown;

  /** Python's {@code _finished} Event, made when join() first has to wait. */
  private Finished finished;

  // The default storage: a ring buffer (ArrayDeque refuses null, Python's deque holds None).
  private Object[] ring = NO_ITEMS;
  private int head;
  private int count;

  /** Creates an unbounded queue. Python's {@code asyncio.Queue()}. */
  public Queue() {
    this(0);
  }

  /**
   * Creates a queue holding at most {@code maxsize} items. Python's {@code
   * asyncio.Queue(maxsize)}.
   *
   * @param maxsize the capacity; zero or less means unbounded
   */
  public Queue(int maxsize) {
    this.maxsize = maxsize;
  }

  // ------------------------------------------------------------------------ storage hooks

  /**
   * Stores {@code item}. Python's {@code _put}. Called by {@link #putNowait} once there is room;
   * an exception leaves the queue unchanged and propagates to the caller of {@code putNowait}
   * or {@code put}.
   *
   * <p>Override it together with {@link #getItem}, {@link #itemCount} and {@link #items}, on
   * storage of the subclass's own; the subclass's constructor is Python's {@code _init}.
   *
   * @param item the item, possibly null
   */
  protected void putItem(T item) {
    if (count == ring.length) {
      grow();
    }
    ring[(head + count) & (ring.length - 1)] = item;
    count++;
  }

  /**
   * Removes and returns the next item. Python's {@code _get}. Called only when {@link
   * #itemCount} is not zero.
   *
   * @return the item, possibly null
   */
  @SuppressWarnings("unchecked")
  protected T getItem() {
    Object[] r = ring;
    T item = (T) r[head];
    r[head] = null;
    head = (head + 1) & (r.length - 1);
    count--;
    return item;
  }

  /**
   * Returns the number of items stored. Python's {@code len(self._queue)}.
   *
   * @return the number of items
   */
  protected int itemCount() {
    return count;
  }

  /**
   * Returns a copy of the stored items in storage order, for {@link #toString()}. Python's {@code
   * list(self._queue)}.
   *
   * @return a new list
   */
  @SuppressWarnings("unchecked")
  protected List<T> items() {
    List<T> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add((T) ring[(head + i) & (ring.length - 1)]);
    }
    return list;
  }

  /** Doubles the ring (a power of two, so that indexes wrap with a mask). */
  private void grow() {
    int capacity = ring.length == 0 ? 8 : ring.length << 1;
    if (capacity <= 0) {
      throw new OutOfMemoryError("Queue is too large: " + count + " items");
    }
    Object[] bigger = new Object[capacity];
    for (int i = 0; i < count; i++) {
      bigger[i] = ring[(head + i) & (ring.length - 1)];
    }
    ring = bigger;
    head = 0;
  }

  // ------------------------------------------------------------------------ size

  /**
   * Returns the number of items in the queue. Python's {@code Queue.qsize()}. Unlike a threaded
   * queue's, the answer stays true until this task next awaits.
   *
   * @return the number of items
   */
  public int qsize() {
    return itemCount();
  }

  /**
   * Returns the capacity given at construction. Python's {@code Queue.maxsize}.
   *
   * @return the capacity; zero or less means unbounded
   */
  public int maxsize() {
    return maxsize;
  }

  /**
   * Returns whether the queue holds no items. Python's {@code Queue.empty()}.
   *
   * @return true when {@link #qsize()} is zero
   */
  public boolean empty() {
    return itemCount() == 0;
  }

  /**
   * Returns whether the queue holds {@link #maxsize()} items. Python's {@code Queue.full()}.
   * Never true for an unbounded queue.
   *
   * @return true when a put would have to wait
   */
  public boolean full() {
    return maxsize > 0 && qsize() >= maxsize;
  }

  // ------------------------------------------------------------------------ put

  /**
   * Returns a coroutine that puts {@code item} into the queue, waiting for a free slot while the
   * queue is full. Python's {@code Queue.put(item)}.
   *
   * <p><b>Suspends</b> only while the queue is full; otherwise the item is added without
   * yielding to the loop. <b>Cancellation:</b> a cancellation point while it waits; a cancelled
   * put adds nothing, leaves the waiters, and when it had just been woken for a slot that is
   * still free, wakes the next putter instead. <b>Fairness:</b> waiting putters are woken in
   * arrival order, one per item taken.
   *
   * @param item the item, possibly null (subclasses may refuse some items)
   * @return the coroutine; awaiting it completes with null once the item is in
   * @throws QueueShutDown (when awaited) the queue was shut down, before or while it waited
   * @throws IllegalStateException (when awaited, if it must wait) "no running event loop", or
   *     the queue is bound to a different event loop
   */
  @SuppressWarnings("unchecked")
  public Coro<Void> put(T item) {
    return (Coro<Void>) (Coro<?>) new Put<>(this, item);
  }

  /**
   * Puts {@code item} into the queue if there is a free slot, waking the first waiting getter.
   * Python's {@code Queue.put_nowait(item)}. Never suspends; counts one more unfinished task.
   *
   * @param item the item, possibly null (subclasses may refuse some items)
   * @throws QueueShutDown when the queue was shut down
   * @throws QueueFull when the queue is full
   */
  public void putNowait(T item) {
    if (isShutdown) {
      throw new QueueShutDown("putNowait() on a shut-down " + name()
          + ": no items can be added after shutdown()");
    }
    if (full()) {
      throw new QueueFull("putNowait() on a full " + name() + " (maxsize=" + maxsize
          + "): await put() to wait for a free slot");
    }
    putItem(item);
    unfinishedTasks++;
    // Python clears _finished here; join() reads unfinishedTasks instead (see Finished).
    wakeupNext(getters);
  }

  // ------------------------------------------------------------------------ get

  /**
   * Returns a coroutine that removes and returns the next item, waiting while the queue is
   * empty. Python's {@code Queue.get()}.
   *
   * <p><b>Suspends</b> only while the queue is empty; otherwise the item is taken without
   * yielding to the loop. <b>Cancellation:</b> a cancellation point while it waits; a cancelled
   * get takes nothing, leaves the waiters, and when it had just been woken for an item that is
   * still there, wakes the next getter instead, so the item is not lost. <b>Fairness:</b> waiting
   * getters are woken in arrival order, one per item put.
   *
   * @return the coroutine; awaiting it gives the item
   * @throws QueueShutDown (when awaited) the queue was shut down and is empty, before or while it
   *     waited
   * @throws IllegalStateException (when awaited, if it must wait) "no running event loop", or
   *     the queue is bound to a different event loop
   */
  @SuppressWarnings("unchecked")
  public Coro<T> get() {
    return (Coro<T>) (Coro<?>) new Get<>(this);
  }

  /**
   * Removes and returns the next item if there is one, waking the first waiting putter. Python's
   * {@code Queue.get_nowait()}. Never suspends.
   *
   * @return the item
   * @throws QueueShutDown when the queue is empty and was shut down
   * @throws QueueEmpty when the queue is empty
   */
  public T getNowait() {
    if (empty()) {
      if (isShutdown) {
        throw new QueueShutDown("getNowait() on a shut-down, empty " + name()
            + ": no items will come");
      }
      throw new QueueEmpty("getNowait() on an empty " + name()
          + ": await get() to wait for an item");
    }
    T item = getItem();
    wakeupNext(putters);
    return item;
  }

  // ------------------------------------------------------------------------ join

  /**
   * Marks one item taken from the queue as processed. Python's {@code Queue.task_done()}. When
   * every item put has been marked, the tasks waiting in {@link #join()} are woken.
   *
   * @throws IllegalArgumentException "taskDone() called too many times" when no item is
   *     unfinished (Python's ValueError)
   */
  public void taskDone() {
    if (unfinishedTasks <= 0) {
      throw new IllegalArgumentException("taskDone() called too many times: call it once per item"
          + " taken from " + name() + ", after processing it");
    }
    if (--unfinishedTasks == 0) {
      setFinished();
    }
  }

  /**
   * Returns a coroutine that waits until every item put has been marked done with {@link
   * #taskDone()} (or dropped by an immediate {@link #shutdown(boolean)}). Python's {@code
   * Queue.join()}.
   *
   * <p><b>Suspends</b> only while there are unfinished items; returns without yielding when
   * there are none. <b>Cancellation:</b> a cancellation point while it waits; cancelling it has
   * no effect on the queue. Every waiting join() is woken when the count reaches zero, even if
   * an item is put before they run (Python's Event semantics).
   *
   * @return the coroutine; awaiting it completes with null
   * @throws IllegalStateException (when awaited, if it must wait) "no running event loop", or
   *     join() already waited on a different event loop
   */
  @SuppressWarnings("unchecked")
  public Coro<Void> join() {
    return (Coro<Void>) (Coro<?>) new Join(this);
  }

  // ------------------------------------------------------------------------ shutdown

  /**
   * Shuts the queue down, not immediately: {@code shutdown(false)}. Python's {@code
   * Queue.shutdown()} (3.13).
   */
  public void shutdown() {
    shutdown(false);
  }

  /**
   * Shuts the queue down. Python's {@code Queue.shutdown(immediate)} (3.13). Afterwards {@link
   * #put} and {@link #putNowait} raise {@link QueueShutDown}, and {@link #get()} and {@link
   * #getNowait()} raise it once the queue is empty. Every task waiting in {@code get()} or
   * {@code put()} is woken to see this: putters raise, getters take a remaining item or raise.
   *
   * <p>With {@code immediate}, the items left in the queue are dropped and each counts as done
   * for {@link #join()} (which wakes if that brings the count to zero), so gets raise at once.
   * Items already taken still need their {@link #taskDone()}.
   *
   * <p>May be called again, e.g. {@code shutdown(true)} after {@code shutdown(false)} to drop
   * what is left. Never suspends.
   *
   * @param immediate whether to drop the items left in the queue
   */
  public void shutdown(boolean immediate) {
    isShutdown = true;
    if (immediate) {
      while (!empty()) {
        getItem();
        if (unfinishedTasks > 0) {
          unfinishedTasks--;
        }
      }
      if (unfinishedTasks == 0) {
        setFinished();
      }
    }
    // every waiter re-checks: putters raise, getters take what is left or raise
    wakeAll(getters);
    wakeAll(putters);
  }

  // ------------------------------------------------------------------------ introspection

  /**
   * Returns a snapshot of the queue's state, for tests and monitoring. A Weft addition (Trio's
   * {@code statistics()}); Python shows the same numbers in the queue's repr.
   *
   * @return the snapshot
   */
  public Statistics statistics() {
    return new Statistics(qsize(), maxsize, getters.size(), putters.size(), unfinishedTasks,
        isShutdown);
  }

  /**
   * A snapshot of a queue's state: {@link Queue#statistics()}.
   *
   * @param qsize the number of items in the queue
   * @param maxsize the capacity; zero or less means unbounded
   * @param getters the tasks waiting in {@code get()}: Python's {@code len(_getters)}.
   *     A woken getter has left it; a cancelled one leaves it when its task next runs.
   * @param putters likewise for {@code put()}: Python's {@code len(_putters)}
   * @param unfinishedTasks items put and not yet marked done: Python's {@code _unfinished_tasks}
   * @param shutdown whether {@link Queue#shutdown(boolean)} was called
   */
  public record Statistics(
      int qsize, int maxsize, int getters, int putters, int unfinishedTasks, boolean shutdown) {}

  /**
   * Returns {@code <Queue maxsize=0 _queue=[1, 2] _getters[1] _putters[1] tasks=2 shutdown>},
   * each part after the maxsize shown only when not empty, zero or false: Python's {@code
   * str(queue)} (its repr adds the id).
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("<").append(name()).append(" maxsize=").append(maxsize);
    if (!empty()) {
      s.append(" _queue=").append(items());
    }
    if (!getters.isEmpty()) {
      s.append(" _getters[").append(getters.size()).append(']');
    }
    if (!putters.isEmpty()) {
      s.append(" _putters[").append(putters.size()).append(']');
    }
    if (unfinishedTasks != 0) {
      s.append(" tasks=").append(unfinishedTasks);
    }
    if (isShutdown) {
      s.append(" shutdown");
    }
    return s.append('>').toString();
  }

  private String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? getClass().getName() : simple;
  }

  // ------------------------------------------------------------------------ waking

  /**
   * Wakes the first waiter that is not done (cancelled, or already woken by shutdown), dropping
   * the done ones on the way. Python's {@code _wakeup_next}.
   */
  private static void wakeupNext(ArrayDeque<ParkingFrame> waiters) {
    ParkingFrame waiter;
    while ((waiter = waiters.pollFirst()) != null) {
      if (!waiter.waitDone()) {
        waiter.wake();
        return;
      }
    }
  }

  private static void wakeAll(ArrayDeque<ParkingFrame> waiters) {
    ParkingFrame waiter;
    while ((waiter = waiters.pollFirst()) != null) {
      if (!waiter.waitDone()) {
        waiter.wake();
      }
    }
  }

  /** The same for join()'s futures. */
  private static void wakeAllFutures(ArrayDeque<Future<Void>> waiters) {
    Future<Void> waiter;
    while ((waiter = waiters.pollFirst()) != null) {
      if (!waiter.done()) {
        waiter.setResult(null);
      }
    }
  }

  /**
   * A getter's wait ended with an exception (its task cancelled, or the coroutine closed): what
   * Python's {@code get()} does in its {@code except:} block.
   *
   * <p>Race analysis. The getter's wait (Python's future) is in one of three states here. (1)
   * Cancelled: the task was cancelled while waiting, the getter is still in {@code getters} and
   * is removed; nobody meant an item for it. (2) Woken, and popped by {@link #wakeupNext}: a put
   * woke it, and the task was cancelled before it ran (the task raises the pending cancellation
   * instead of resuming). That put's item is still in the queue unless someone took it; if items
   * remain, the wakeup goes to the next getter, or the item would sit there while getters wait.
   * (3) Pending: the frame was closed or had an exception thrown in from outside the task; its
   * wait is cancelled first so that it counts as (1).
   */
  private void abandonGet(Get<?> getter) {
    getter.abandon();
    getters.removeFirstOccurrence(getter); // absent when a put or shutdown already popped it
    if (!empty() && !getter.waitCancelled()) {
      wakeupNext(getters);
    }
  }

  /** The same as {@link #abandonGet} for a putter and its free slot. */
  private void abandonPut(Put<?> putter) {
    putter.abandon();
    putters.removeFirstOccurrence(putter);
    if (!full() && !putter.waitCancelled()) {
      wakeupNext(putters);
    }
  }

  /** Python's {@code _finished.set()}: wakes every task waiting in join(). */
  private void setFinished() {
    Finished f = finished;
    if (f != null) {
      wakeAllFutures(f.waiters);
    }
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  // ------------------------------------------------------------------------ frames

  /**
   * The coroutine of {@link Queue#get()}, written by hand because the runtime is not woven.
   *
   * <pre>
   *  label 0  while empty: shut down? raise; else join the getters and park (Python: await a
   *           fresh getter future)
   *  label 1  woken: loop again; raised (cancelled): abandonGet, re-raise
   *           not empty: return getNowait()
   * </pre>
   *
   * When an item is there at the first resume, it returns it at once: no wait, no suspension.
   * While it waits, the frame itself is the getter (see {@link ParkingFrame}).
   */
  private static final class Get<T> extends ParkingFrame {
    private final Queue<T> queue;

    Get(Queue<T> queue) {
      this.queue = queue;
    }

    /** An item is there: label 0 would return getNowait() at once. */
    @Override
    protected Object tryNow() {
      return queue.empty() ? NOT_NOW : queue.getNowait();
    }

    /** Python's {@code getter.cancel()} in get()'s {@code except} block. */
    void abandon() {
      abandonWait();
    }

    @Override
    protected Object resume() {
      Queue<T> q = queue;
      if (label == 1) {
        try {
          resumeValue();
        } catch (Throwable error) {
          q.abandonGet(this);
          throw sneaky(error);
        }
        endWait();
      } else if (label == 0) {
        resumeValue();
      } else {
        throw new IllegalStateException("Queue.get() resumed at unknown label " + label);
      }
      if (q.empty()) {
        if (q.isShutdown) {
          throw new QueueShutDown("get() on a shut-down, empty " + q.name()
              + ": no items will come");
        }
        q.getLoop(); // binds the queue, or raises, as Python's _get_loop() before the wait
        q.getters.addLast(this);
        label = 1;
        return park();
      }
      return q.getNowait();
    }

    @Override
    public StackTraceElement location() {
      return site(Queue.class.getName(), "get", "Queue.java", "");
    }
  }

  /**
   * The coroutine of {@link Queue#put}.
   *
   * <pre>
   *  label 0  while full: shut down? raise; else join the putters and park (Python: await a
   *           fresh putter future)
   *  label 1  woken: loop again; raised (cancelled): abandonPut, re-raise
   *           not full: putNowait(item)
   * </pre>
   */
  private static final class Put<T> extends ParkingFrame {
    private final Queue<T> queue;
    private T item;

    Put(Queue<T> queue, T item) {
      this.queue = queue;
      this.item = item;
    }

    /** A slot is free: label 0 would putNowait(item) at once (which may refuse it). */
    @Override
    protected Object tryNow() {
      if (queue.full()) {
        return NOT_NOW;
      }
      T it = item;
      item = null;
      queue.putNowait(it);
      return null;
    }

    /** Python's {@code putter.cancel()} in put()'s {@code except} block. */
    void abandon() {
      abandonWait();
    }

    @Override
    protected Object resume() {
      Queue<T> q = queue;
      boolean woken = false;
      if (label == 1) {
        try {
          resumeValue();
        } catch (Throwable error) {
          q.abandonPut(this);
          throw sneaky(error);
        }
        endWait();
        woken = true;
      } else if (label == 0) {
        resumeValue();
      } else {
        throw new IllegalStateException("Queue.put() resumed at unknown label " + label);
      }
      if (q.full()) {
        if (q.isShutdown) {
          throw new QueueShutDown("put() on a shut-down " + q.name()
              + ": no items can be added after shutdown()");
        }
        q.getLoop(); // binds the queue, or raises, as Python's _get_loop() before the wait
        q.putters.addLast(this);
        label = 1;
        return park();
      }
      T it = item;
      item = null;
      try {
        q.putNowait(it);
      } catch (RuntimeException refused) {
        // The item was refused (shut down, or a PriorityQueue that cannot order it). A slot
        // this put was woken for must not be lost: hand the wakeup on. (CPython does not.)
        if (woken && !q.full()) {
          wakeupNext(q.putters);
        }
        throw refused;
      }
      return null;
    }

    @Override
    public StackTraceElement location() {
      return site(Queue.class.getName(), "put", "Queue.java", "");
    }
  }

  /**
   * The coroutine of {@link Queue#join()}: Python's {@code _finished.wait()} when tasks are
   * unfinished.
   *
   * <pre>
   *  label 0  no unfinished tasks? return; else register a join future, await it
   *  label 1  leave the join waiters (woken or not), return or re-raise
   * </pre>
   */
  private static final class Join extends EagerCoroFrame {
    private final Queue<?> queue;
    private Future<Void> waiter;

    Join(Queue<?> queue) {
      this.queue = queue;
    }

    /** No unfinished task: label 0 would return at once. */
    @Override
    protected Object tryNow() {
      return queue.unfinishedTasks == 0 ? null : NOT_NOW;
    }

    @Override
    protected Object resume() {
      Queue<?> q = queue;
      switch (label) {
        case 0:
          resumeValue();
          if (q.unfinishedTasks == 0) {
            return null;
          }
          Finished f = q.finished;
          if (f == null) {
            f = q.finished = new Finished(q);
          }
          Future<Void> w = f.getLoop().createFuture();
          f.waiters.addLast(w);
          waiter = w;
          value = w;
          label = 1;
          return Frame.AWAIT;
        case 1:
          Future<Void> w1 = waiter;
          waiter = null;
          try {
            resumeValue();
          } finally {
            q.finished.waiters.removeFirstOccurrence(w1); // Python's Event.wait finally
          }
          return null;
        default:
          throw new IllegalStateException("Queue.join() resumed at unknown label " + label);
      }
    }

    @Override
    public StackTraceElement location() {
      return site(Queue.class.getName(), "join", "Queue.java", "");
    }
  }

  /**
   * Python's {@code _finished} Event: the tasks waiting in join(). It is bound to a loop of its
   * own, as the Event is in Python, so join() from one loop and get() from another do not
   * conflict. It is "set" exactly when the queue has no unfinished tasks, so the count itself
   * stands for the flag.
   */
  private static final class Finished extends LoopBound {
    private final Queue<?> queue;
    private final ArrayDeque<Future<Void>> waiters = new ArrayDeque<>();

    Finished(Queue<?> queue) {
      this.queue = queue;
    }

    @Override
    public String toString() {
      return "join() of " + queue;
    }
  }
}
