package io.weft.examples.asyncio;

import io.weft.Asyncio;
import io.weft.EventLoop;

/**
 * The order in which the loop runs plain callbacks (seed 004, "call_*"): {@code callSoon} on the
 * next pass, {@code callSoonThreadsafe} on the next pass too, after the callbacks already queued;
 * {@code callLater} and {@code callAt} by due time, not by the order they were scheduled in, and
 * the earlier scheduled first when they fall due together. Prints:
 *
 * <pre>
 * callSoon ==&gt; 5
 * callSoonThreadsafe ==&gt; 2
 * callLater ==&gt; 1
 * callAt ==&gt; 1
 * callLater ==&gt; 2
 * callAt ==&gt; 2
 * callLater ==&gt; 3
 * callAt ==&gt; 3
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * def callback(method, sleep_times):
 *     print(f"{method} ==&gt; {sleep_times}")
 *
 * loop = asyncio.get_event_loop()
 * loop.call_later(2, callback, "call_later", 2)
 * loop.call_later(1, callback, "call_later", 1)
 * loop.call_later(3, callback, "call_later", 3)
 * loop.call_soon(callback, "call_soon", 5)
 * now = loop.time()
 * loop.call_at(now + 2, callback, "call_at", 2)
 * loop.call_at(now + 1, callback, "call_at", 1)
 * loop.call_at(now + 3, callback, "call_at", 3)
 * loop.call_soon_threadsafe(callback, "call_soon_threadsafe", 2)
 * loop.run_forever()
 * </pre>
 *
 * <p>On the machine's clock {@code callLater(1)} falls due just before {@code callAt(now + 1)},
 * since {@code now} is read after it. On a virtual clock, where time stands still, they fall due
 * together, and Weft runs them in the order they were scheduled (Python leaves equal deadlines in
 * no set order), so the output is the same.
 *
 * <p>The seed's loop runs forever (its comment: calling {@code loop.stop()} before {@code
 * run_forever} would skip every timer). This one stops after the last timer, so the program ends.
 * The callbacks print the Weft names of the methods that scheduled them. Python passes the
 * callback's arguments to {@code call_*}; Java passes a lambda that captures them.
 */
public final class CallOrdering {
  private CallOrdering() {}

  /**
   * Prints which method scheduled it, and the delay it was given.
   *
   * @param method the scheduling method's name
   * @param sleepTimes the delay, in seconds, or the seed's arbitrary number for the soon ones
   */
  static void callback(String method, int sleepTimes) {
    System.out.println(method + " ==> " + sleepTimes);
  }

  /**
   * Schedules the seed's callbacks on {@code loop}, runs it until the last has run, and closes it.
   *
   * @param loop the loop; tests pass one on a virtual clock
   */
  static void run(EventLoop loop) {
    // callLater runs in order of delay, not in the order of the calls
    loop.callLater(2, () -> callback("callLater", 2));
    loop.callLater(1, () -> callback("callLater", 1));
    loop.callLater(3, () -> callback("callLater", 3));
    // on the next pass of the loop
    loop.callSoon(() -> callback("callSoon", 5));
    // at a given loop time: ordered like callLater
    double now = loop.time();
    loop.callAt(now + 2, () -> callback("callAt", 2));
    loop.callAt(now + 1, () -> callback("callAt", 1));
    loop.callAt(now + 3, () -> callback("callAt", 3));
    // the thread-safe callSoon (the seed calls it from the loop's own thread too)
    loop.callSoonThreadsafe(() -> callback("callSoonThreadsafe", 2));
    // not in the seed: stop once the last timer has run, instead of running forever
    loop.callAt(now + 3, loop::stop);
    loop.runForever();
    loop.close();
  }

  /**
   * Runs the program on a new event loop.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(Asyncio.newEventLoop());
  }
}
