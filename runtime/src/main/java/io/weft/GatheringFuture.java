package io.weft;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The future {@link Asyncio#gather} returns: Python's {@code tasks._GatheringFuture} together
 * with {@code tasks.gather}. It completes with the children's results in argument order, or with
 * the first child failure, and cancelling it cancels every child.
 *
 * <pre>
 *  PENDING ─(all children done, no cancel requested)──────────▶ RESULT [r1, r2, ...]
 *          ─(a child failed or was cancelled, !returnExceptions)▶ EXCEPTION (that error, at once)
 *          ─(cancel(): some child.cancel() returned true)──────▶ cancelRequested
 *                      ─(all children done)────────────────────▶ CANCELLED
 * </pre>
 *
 * <p>Where Weft differs: once a {@code cancel()} reached a child, Python completes the gathering
 * future with {@code set_exception(CancelledError)} (so its {@code cancelled()} is false); Weft
 * completes it cancelled with the same CancelledError, so {@link #cancelled()} tells the truth.
 * Awaiting it raises the same error either way.
 */
final class GatheringFuture<T> extends Future<List<T>> {
  private final List<Future<? extends T>> children;
  private final boolean returnExceptions;
  private final int distinct;
  private int finished;
  private boolean cancelRequested;

  private GatheringFuture(
      EventLoop loop, List<Future<? extends T>> children, int distinct, boolean returnExceptions) {
    super(loop);
    this.children = children;
    this.distinct = distinct;
    this.returnExceptions = returnExceptions;
  }

  /** Python's {@code gather(*aws, return_exceptions=...)}; see {@link Asyncio#gather}. */
  static <T> Future<List<T>> gather(
      boolean returnExceptions, List<? extends Awaitable<? extends T>> aws) {
    Objects.requireNonNull(aws, "gather() awaitables: the list is null");
    for (int i = 0; i < aws.size(); i++) {
      // Checked before any coroutine is wrapped in a task, so a bad call starts nothing.
      if (aws.get(i) == null) {
        throw new NullPointerException(
            "gather() argument " + i + " is null: pass coroutines, tasks or futures");
      }
    }
    if (aws.isEmpty()) {
      Future<List<T>> outer = Asyncio.getEventLoop().createFuture();
      outer.setResult(new ArrayList<>()); // Python: a done future holding []
      return outer;
    }
    EventLoop loop = null;
    Map<Awaitable<?>, Future<? extends T>> argToFut = new IdentityHashMap<>();
    List<Future<? extends T>> children = new ArrayList<>(aws.size());
    List<Future<? extends T>> distinct = new ArrayList<>(aws.size()); // in argument order
    for (Awaitable<? extends T> arg : aws) {
      Future<? extends T> fut = argToFut.get(arg);
      if (fut == null) {
        fut = loop == null ? Asyncio.ensureFuture(arg) : Asyncio.ensureFuture(arg, loop);
        if (loop == null) {
          loop = fut.getLoop();
        }
        argToFut.put(arg, fut);
        distinct.add(fut);
      }
      children.add(fut); // the same awaitable twice: one child, its result twice
    }
    GatheringFuture<T> outer =
        new GatheringFuture<>(loop, children, distinct.size(), returnExceptions);
    // Python 3.12+: children already done are counted once the outer future exists, so a gather
    // of finished futures is done on return.
    List<Future<? extends T>> alreadyDone = new ArrayList<>();
    for (Future<? extends T> fut : distinct) {
      if (fut.done()) {
        alreadyDone.add(fut);
      } else {
        fut.addDoneCallback(outer.onChildDone);
      }
    }
    for (Future<? extends T> fut : alreadyDone) {
      outer.childDone(fut);
    }
    return outer;
  }

  private final ChildDone onChildDone = new ChildDone();

  /** The callback on each child: the call graph follows it to this future's awaiters. */
  private final class ChildDone implements Consumer<Future<?>>, WaitingCallback {
    @Override
    public void accept(Future<?> child) {
      childDone(child);
    }

    @Override
    public Future<?> awaiter() {
      return GatheringFuture.this;
    }
  }

  /** Python's {@code _done_callback}. */
  private void childDone(Future<?> fut) {
    finished++;
    if (done()) {
      fut.markRetrieved(); // the outer already failed: siblings' errors are not "never retrieved"
      return;
    }
    if (!returnExceptions) {
      if (fut.cancelled()) {
        // A child's cancellation fails the gather; it does not cancel it (nor the siblings).
        setFailure(fut.cancelledError());
        return;
      }
      Throwable exc = fut.exception();
      if (exc != null) {
        setFailure(exc);
        return;
      }
    }
    if (finished < distinct) {
      return;
    }
    List<Object> results = new ArrayList<>(children.size());
    CancelledError firstCancel = null;
    for (Future<? extends T> child : children) {
      if (child.cancelled()) {
        CancelledError c = new CancelledError(child.cancelledError().getMessage());
        results.add(c);
        if (firstCancel == null) {
          firstCancel = child.cancelledError();
        }
      } else {
        Throwable exc = child.exception();
        results.add(exc != null ? exc : child.result());
      }
    }
    if (cancelRequested) {
      // bpo-32684: a cancel() that reached a child cancels the gather, even with returnExceptions.
      cancelWith(firstCancel != null ? firstCancel : new CancelledError());
    } else {
      @SuppressWarnings("unchecked")
      List<T> typed = (List<T>) results;
      complete(typed);
    }
  }

  /**
   * Cancels every child that is not done; the gathering future itself completes cancelled only
   * once they all are done. Python's {@code _GatheringFuture.cancel(msg)}.
   *
   * @param message the message the children's CancelledError carries, or null
   * @return whether any child's cancel returned true; false once this future is done
   */
  @Override
  public boolean cancel(String message) {
    if (done()) {
      return false;
    }
    boolean any = false;
    for (Future<? extends T> child : children) {
      if (child.cancel(message)) {
        any = true;
      }
    }
    if (any) {
      cancelRequested = true;
    }
    return any;
  }

  @Override
  public String toString() {
    return "<_GatheringFuture " + stateText() + " children=" + distinct + ">";
  }
}
