package io.weft.examples.debugging;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.printCallGraph;
import static io.weft.Asyncio.run;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.TaskGroup;

/**
 * {@code Asyncio.printCallGraph()} in a task of a {@link TaskGroup}: where the task is, and that
 * the task running the group awaits it. Python 3.14's {@code asyncio.print_call_graph()} example
 * (asyncio-graph.rst). Prints (ids vary):
 *
 * <pre>
 * * Task(name='test', id=0x1b6d3586)
 *   + Call stack:
 *   |   File 'PrintCallGraph.java', line 45, in async PrintCallGraph.test()
 *   + Awaited by:
 *     * Task(name='Task-1', id=0x4554617c)
 *       + Call stack:
 *       |   File 'PrintCallGraph.java', line 68, in async PrintCallGraph.main()
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * async def test():
 *     asyncio.print_call_graph()
 *
 * async def main():
 *     async with asyncio.TaskGroup() as g:
 *         g.create_task(test(), name='test')
 *
 * asyncio.run(main())
 * </pre>
 */
public final class PrintCallGraph {
  private PrintCallGraph() {}

  @Coroutine
  static Coro<Void> test() {
    printCallGraph(); // site: test prints its graph
    return done();
  }

  /**
   * The body of the {@code async with}: starts {@link #test()} in the group.
   *
   * @param g the group
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> start(TaskGroup g) {
    g.createTask(test(), "test");
    return done();
  }

  /**
   * Runs a task group whose one task prints its call graph.
   *
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main() {
    await(TaskGroup.run(g -> start(g))); // site: main awaits the group
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
