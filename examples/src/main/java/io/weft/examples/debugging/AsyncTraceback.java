package io.weft.examples.debugging;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.run;
import static io.weft.Asyncio.sleep;

import io.weft.Coro;
import io.weft.Coroutine;

/**
 * An async stack trace: the exception {@code Integer.parseInt} raises in {@code parse} shows, after
 * {@code parse}, the coroutines that awaited it, each at the line of its {@code await}, as a
 * Python traceback shows every frame an exception crosses. Prints (this class's frames only; the
 * JDK's and the event loop's are in the trace too):
 *
 * <pre>
 * java.lang.NumberFormatException: For input string: "forty-two"
 *     at io.weft.examples.debugging.AsyncTraceback.parse(AsyncTraceback.java:47)
 *     at io.weft.examples.debugging.AsyncTraceback.load(AsyncTraceback.java:58)
 *     at io.weft.examples.debugging.AsyncTraceback.main(AsyncTraceback.java:70)
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * async def parse(text):
 *     await asyncio.sleep(0)
 *     return int(text)
 *
 * async def load(text):
 *     return 2 * await parse(text)
 *
 * async def main():
 *     try:
 *         await load("forty-two")
 *     except ValueError:
 *         traceback.print_exc()
 * </pre>
 */
public final class AsyncTraceback {
  private AsyncTraceback() {}

  @Coroutine
  static Coro<Integer> parse(String text) {
    await(sleep(0)); // suspends: the trace's own Java stack starts from the loop again
    return done(Integer.parseInt(text)); // site: parse raises
  }

  /**
   * Awaits {@link #parse}.
   *
   * @param text the number
   * @return the coroutine, twice the number
   */
  @Coroutine
  static Coro<Integer> load(String text) {
    int n = await(parse(text)); // site: load awaits parse
    return done(2 * n);
  }

  /**
   * Awaits {@link #load} and prints the exception with the frames of this class.
   *
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main() {
    try {
      await(load("forty-two")); // site: main awaits load
    } catch (NumberFormatException e) {
      System.out.println(e);
      for (StackTraceElement at : e.getStackTrace()) {
        if (at.getClassName().startsWith("io.weft.internal.")) {
          break; // the trampoline: below it, the event loop and whoever runs it
        }
        if (at.getClassName().equals(AsyncTraceback.class.getName())) {
          System.out.println("    at " + at);
        }
      }
    }
    return done();
  }

  /**
   * Runs the program.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(main());
  }
}
