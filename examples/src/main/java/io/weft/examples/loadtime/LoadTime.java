package io.weft.examples.loadtime;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.gather;
import static io.weft.Asyncio.sleep;

import io.weft.AsyncFunction;
import io.weft.AsyncGenerator;
import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * Load-time weaving: a program the build leaves as javac wrote it, woven by {@code weft-agent}
 * as the JVM loads it. {@code examples/pom.xml} excludes {@code io/weft/examples/loadtime/**}
 * from {@code weft-maven-plugin}, so the class in {@code weft-examples.jar} still calls {@code
 * Generator.yield} and {@code Asyncio.await} as plain methods; run with the agent, the JVM hands
 * the class's bytes to the same weaver before it defines the class:
 *
 * <pre>
 * java -javaagent:agent/target/weft-agent-0.1.0-SNAPSHOT.jar -jar examples/target/weft-examples.jar load-time
 * </pre>
 *
 * <p>It prints:
 *
 * <pre>
 * squares: 1 4 9 16
 * tick 1
 * tick 2
 * tick 3
 * gather: [A, B, C]
 * async lambda: hello!
 * </pre>
 *
 * <p>Each of the weaver's shapes appears once: a generator, an async generator consumed by
 * {@code async for}, coroutines run at once by {@code gather}, and an async lambda. Run without
 * the agent, the first suspension call fails with the runtime's "which was not woven" error,
 * which {@code Main} reports with the command above. The Python it mirrors:
 *
 * <pre>
 * def squares(n):
 *     for i in range(1, n + 1):
 *         yield i * i
 *
 * async def ticks(n, delay):
 *     for i in range(1, n + 1):
 *         await asyncio.sleep(delay)
 *         yield f"tick {i}"
 *
 * async def upper(s, delay):
 *     await asyncio.sleep(delay)
 *     return s.upper()
 *
 * async def main():
 *     print("squares:", *squares(4))
 *     async for tick in ticks(3, 0.01):
 *         print(tick)
 *     print("gather:", await asyncio.gather(upper("a", 0.03), upper("b", 0.01), upper("c", 0.02)))
 *     shout = lambda s: ...  # Python has no async lambda: an async def
 *     print("async lambda:", await shout("hello"))
 *
 * asyncio.run(main())
 * </pre>
 */
public final class LoadTime {
  private LoadTime() {}

  /**
   * Yields the squares of 1 to {@code n}.
   *
   * @param n how many squares
   * @return the generator
   */
  @Coroutine
  static Generator<Integer> squares(int n) {
    for (int i = 1; i <= n; i++) {
      Generator.yield(i * i);
    }
    return Generator.done();
  }

  /**
   * Yields {@code "tick 1"} to {@code "tick n"}, sleeping {@code delay} seconds before each.
   *
   * @param n how many ticks
   * @param delay the sleep before each, in seconds
   * @return the async generator
   */
  @Coroutine
  static AsyncGenerator<String> ticks(int n, double delay) {
    for (int i = 1; i <= n; i++) {
      await(sleep(delay));
      AsyncGenerator.yield("tick " + i);
    }
    return AsyncGenerator.done();
  }

  /**
   * Sleeps {@code delay} seconds, then evaluates to {@code s} in upper case.
   *
   * @param s the text
   * @param delay the sleep, in seconds
   * @return the coroutine
   */
  @Coroutine
  static Coro<String> upper(String s, double delay) {
    await(sleep(delay));
    return done(s.toUpperCase());
  }

  /**
   * Prints what the class comment shows.
   *
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main() {
    StringBuilder squares = new StringBuilder("squares:");
    for (int square : squares(4)) {
      squares.append(' ').append(square);
    }
    System.out.println(squares);
    for (var it = ticks(3, 0.01); await(it.hasNext()); ) {
      System.out.println(it.next());
    }
    // The results come in argument order, whichever sleep ends first.
    List<String> upper =
        await(gather(List.of(upper("a", 0.03), upper("b", 0.01), upper("c", 0.02))));
    System.out.println("gather: " + new ArrayList<>(upper));
    AsyncFunction<String, String> shout =
        s -> {
          await(sleep(0.01));
          return done(s + "!");
        };
    System.out.println("async lambda: " + await(shout.apply("hello")));
    return done();
  }

  /**
   * Runs the program with {@code asyncio.run}.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Asyncio.run(main());
  }
}
