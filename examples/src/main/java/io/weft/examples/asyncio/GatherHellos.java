package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.gather;
import static io.weft.Asyncio.sleep;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import java.util.List;
import java.util.function.Supplier;

/**
 * Two {@code hello(name)} coroutines run at once by {@code gather}, which evaluates to their
 * results in argument order (seed 003, "let two {@code hello()} run concurrently"). The program is
 * started by {@code asyncio.run}; both coroutines run on its thread and sleep at the same time,
 * so it takes about one second, not two:
 *
 * <pre>
 * Hello Bob! (main)
 * Hello Alice! (main)
 * (a pause of about 1 s)
 * Hello Bob again! (main)
 * Hello Alice again! (main)
 * [Bob, Alice]
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * async def hello(name):
 *     print("Hello %s! (%s)" % (name, threading.current_thread))
 *     await asyncio.sleep(1)
 *     print("Hello %s again! (%s)" % (name, threading.current_thread))
 *     return name
 *
 * async def main():
 *     L = await asyncio.gather(hello("Bob"), hello("Alice"))
 *     print(L)
 *
 * asyncio.run(main())
 * </pre>
 *
 * <p>The seed prints the function {@code threading.current_thread} itself (it forgot the
 * parentheses), so every line shows the same {@code <function current_thread at 0x...>}; this
 * prints the current thread's name, which makes the seed's point, one thread for both. The list
 * prints as Java prints it, {@code [Bob, Alice]} for Python's {@code ['Bob', 'Alice']}. {@code
 * main} also returns the list, so a caller of {@code asyncio.run} gets it too.
 */
public final class GatherHellos {
  private GatherHellos() {}

  /**
   * Prints a hello with {@code name} and the thread's name, sleeps 1 s, prints another; returns
   * {@code name}.
   *
   * @param name who says hello
   * @return the coroutine, whose result is {@code name}
   */
  @Coroutine
  static Coro<String> hello(String name) {
    System.out.println("Hello " + name + "! (" + Thread.currentThread().getName() + ")");
    await(sleep(1));
    System.out.println("Hello " + name + " again! (" + Thread.currentThread().getName() + ")");
    return done(name);
  }

  /**
   * Gathers {@code hello("Bob")} and {@code hello("Alice")}, prints their results and returns
   * them.
   *
   * @return the coroutine, whose result is {@code [Bob, Alice]}
   */
  @Coroutine
  static Coro<List<String>> main() {
    // gather(List) keeps the children's type; the varargs form, gather(hello("Bob"),
    // hello("Alice")), evaluates to a List<Object>.
    List<String> l = await(gather(List.of(hello("Bob"), hello("Alice"))));
    System.out.println(l);
    return done(l);
  }

  /**
   * Runs {@link #main()} with {@code asyncio.run}.
   *
   * @param loopFactory makes the loop, or null for a new one on the machine's clock; tests pass
   *     one on a virtual clock
   * @return what {@code main} returned
   */
  static List<String> run(Supplier<EventLoop> loopFactory) {
    return Asyncio.run(main(), null, loopFactory);
  }

  /**
   * Runs the program.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(null);
  }
}
