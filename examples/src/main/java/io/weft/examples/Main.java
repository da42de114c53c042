package io.weft.examples;

import io.weft.examples.asyncio.AsCompleted;
import io.weft.examples.asyncio.CallOrdering;
import io.weft.examples.asyncio.Counter;
import io.weft.examples.asyncio.DoneCallback;
import io.weft.examples.asyncio.DoubanCrawler;
import io.weft.examples.asyncio.GatherHellos;
import io.weft.examples.asyncio.GetHtml;
import io.weft.examples.asyncio.HelloAwait;
import io.weft.examples.asyncio.HelloYieldFrom;
import io.weft.examples.asyncio.Interrupt;
import io.weft.examples.asyncio.LockAndQueue;
import io.weft.examples.asyncio.MasterSlave;
import io.weft.examples.asyncio.PrintSum;
import io.weft.examples.asyncio.ProducerConsumer;
import io.weft.examples.asyncio.RunInExecutor;
import io.weft.examples.asyncio.ThreadsafeLoop;
import io.weft.examples.asyncio.TwoHellos;
import io.weft.examples.asyncio.WaitAndGather;
import io.weft.examples.asyncio.Wget;
import io.weft.examples.debugging.AsyncTraceback;
import io.weft.examples.debugging.PrintCallGraph;
import io.weft.examples.generators.Countdown;
import io.weft.examples.generators.Fibonacci;
import io.weft.examples.generators.Pipeline;
import io.weft.examples.generators.RunningAverage;
import io.weft.examples.loadtime.LoadTime;
import io.weft.examples.net.ChatServer;
import io.weft.examples.net.EchoServer;
import io.weft.examples.net.HttpServer;
import io.weft.examples.net.ReusePort;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one example by name: {@code java -jar weft-examples.jar countdown}. Given no name, or a
 * name it does not know, it lists the examples.
 */
public final class Main {
  private Main() {}

  /** How {@code ExamplesJarIT} runs an example through the jar. */
  enum Kind {
    /** Runs by itself, without arguments; the jar must print what it prints in-process. */
    PROGRAM,
    /**
     * An HTTP client: without arguments it would fetch the seed's sites on the internet, so the
     * jar test points it at a local server instead, and compares its output with an in-process
     * run against the same server.
     */
    HTTP_CLIENT,
    /**
     * A server: it serves until Ctrl-C, or, given a connection count after the port, until that
     * many connections have ended. The jar test starts it on port 0 with a count, reads the
     * port from its first line ({@code Serving on HOST:PORT}) and talks to it.
     */
    SERVER,
    /**
     * A program the build leaves unwoven ({@code examples/pom.xml} excludes its package from
     * {@code weft-maven-plugin}): it runs only under {@code -javaagent:weft-agent.jar}, which
     * weaves it at class load. The jar test runs it with the agent, and without it to check the
     * error.
     */
    LOAD_TIME
  }

  /** The command that runs a {@link Kind#LOAD_TIME} example, as printed when it is run without. */
  static final String AGENT_COMMAND =
      "java -javaagent:agent/target/weft-agent-VERSION.jar -jar examples/target/weft-examples.jar ";

  /**
   * One runnable example.
   *
   * @param name the name given on the command line
   * @param summary what the example shows, in one line
   * @param main the example's {@code main} method, given the remaining arguments
   * @param repeatable whether every run prints exactly the same; false for an example that
   *     prints real-time figures, which vary from run to run
   * @param kind how the jar test runs it
   */
  record Example(
      String name, String summary, Consumer<String[]> main, boolean repeatable, Kind kind) {
    /** An example that prints exactly the same on every run. */
    Example(String name, String summary, Consumer<String[]> main) {
      this(name, summary, main, true);
    }

    /** A {@link Kind#PROGRAM program}. */
    Example(String name, String summary, Consumer<String[]> main, boolean repeatable) {
      this(name, summary, main, repeatable, Kind.PROGRAM);
    }
  }

  /** Every example, in the order the usage lists them. */
  static final List<Example> EXAMPLES =
      List.of(
          new Example("countdown", "a generator: yield in a loop, consumed by for", Countdown::main),
          new Example(
              "fibonacci",
              "an infinite generator, cut to 10 values by a second generator (islice)",
              Fibonacci::main),
          new Example(
              "running-average",
              "send() into a generator; yield from delegation; StopIteration.value()",
              RunningAverage::main),
          new Example(
              "pipeline",
              "generators chained like Unix pipes: read lines | grep | number",
              Pipeline::main),
          new Example(
              "hello-yield-from",
              "asyncio's hello world in the seeds' older style: yieldFrom(sleep(1))",
              HelloYieldFrom::main),
          new Example(
              "hello-await", "the same hello world with await(sleep(1))", HelloAwait::main),
          new Example(
              "two-hellos",
              "two tasks sleeping 1 s at once on one thread: about 1 s in all, not 2",
              TwoHellos::main),
          new Example(
              "print-sum", "a coroutine awaiting another: printSum awaits compute", PrintSum::main),
          new Example(
              "call-ordering",
              "the order of callSoon, callSoonThreadsafe, callLater and callAt callbacks",
              CallOrdering::main),
          new Example(
              "executor",
              "blocking calls run side by side in a thread pool with runInExecutor",
              RunInExecutor::main,
              false),
          new Example(
              "threadsafe-loop",
              "a loop in a second thread, fed from main with runCoroutineThreadsafe",
              ThreadsafeLoop::main),
          new Example(
              "interrupt",
              "Ctrl-C within 2 s cancels every task still running",
              Interrupt::main,
              false),
          new Example(
              "done-callback",
              "a done callback given an extra argument by a capturing lambda (partial)",
              DoneCallback::main),
          new Example(
              "wait-and-gather",
              "2 s sleeps under wait, gather and gathered groups: 2 s however many run",
              WaitAndGather::main,
              false),
          new Example(
              "gather-hellos",
              "asyncio.run(main()) where main awaits gather(hello(\"Bob\"), hello(\"Alice\"))",
              GatherHellos::main),
          new Example(
              "master-slave",
              "one coroutine awaited on the loop and run from a worker thread, joined by gather",
              MasterSlave::main,
              false),
          new Example(
              "counter",
              "a counter two tasks update: no await, no lock needed; an await inside needs a Lock",
              Counter::main),
          new Example(
              "lock-and-queue",
              "a page cache filled under a Lock, a Queue from the fetching task to the using one",
              LockAndQueue::main,
              false),
          new Example(
              "producer-consumer",
              "a bounded Queue holding a fast producer back; join, taskDone and shutdown",
              ProducerConsumer::main,
              false),
          new Example(
              "as-completed",
              "requests (sleeps here) under wait in request order, then as_completed as they end",
              AsCompleted::main,
              false),
          new Example(
              "wget",
              "the headers of three sites fetched at once over openConnection, readline, drain",
              Wget::main,
              false,
              Kind.HTTP_CLIENT),
          new Example(
              "get-html",
              "HTTP GETs over streams, async for over the lines; wait, then as_completed",
              GetHtml::main,
              false,
              Kind.HTTP_CLIENT),
          new Example(
              "douban-crawler",
              "a crawler: HttpClient awaited, a Semaphore, gather, jsoup XPath",
              DoubanCrawler::main,
              false,
              Kind.HTTP_CLIENT),
          new Example(
              "echo-server",
              "a line echo server on streams, for nc: [--protocol] [PORT [CONNECTIONS]]",
              EchoServer::main,
              false,
              Kind.SERVER),
          new Example(
              "http-server",
              "HTTP/1.1 keep-alive hello world on the protocol layer: [PORT [CONNECTIONS]]",
              HttpServer::main,
              false,
              Kind.SERVER),
          new Example(
              "chat-server",
              "a chat for nc: nicknames, lines broadcast to the others: [PORT [CONNECTIONS]]",
              ChatServer::main,
              false,
              Kind.SERVER),
          new Example(
              "reuse-port",
              "one loop per core on one port (SO_REUSEPORT): [PORT [CONNECTIONS [LOOPS]]]",
              ReusePort::main,
              false,
              Kind.SERVER),
          new Example(
              "async-traceback",
              "an exception's stack trace shows each coroutine it crossed, at its await's line",
              AsyncTraceback::main),
          new Example(
              "print-call-graph",
              "Asyncio.printCallGraph() in a TaskGroup's task: where it is, who awaits it",
              PrintCallGraph::main,
              false),
          new Example(
              "load-time",
              "woven at class load by -javaagent:weft-agent.jar, not by the build",
              LoadTime::main,
              true,
              Kind.LOAD_TIME));

  /**
   * Runs the example named by the first argument, passing it the others.
   *
   * @param args the example's name, then its arguments
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the example named by {@code args[0]}, or lists the examples.
   *
   * @param args the example's name, then its arguments. May be empty.
   * @param out where the list goes when no name is given
   * @param err where an unknown name is reported, with the list
   * @return the exit status: 0, 2 for an unknown name, or 1 for a {@link Kind#LOAD_TIME} example
   *     run without the agent
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      usage(out);
      return 0;
    }
    for (Example example : EXAMPLES) {
      if (example.name().equals(args[0])) {
        try {
          example.main().accept(Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalStateException e) {
          if (example.kind() != Kind.LOAD_TIME || !notWoven(e)) {
            throw e;
          }
          // One message instead of a stack trace: the user forgot the agent.
          err.println(example.name() + " is woven at class load: run it with the agent,");
          err.println("  " + AGENT_COMMAND.replace("VERSION", version()) + example.name());
          err.println("(" + e.getMessage() + ")");
          return 1;
        }
        return 0;
      }
    }
    err.println("Unknown example: " + args[0]);
    err.println();
    usage(err);
    return 2;
  }

  /** Whether {@code e} is the runtime's error for a suspension call in code that was not woven. */
  private static boolean notWoven(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("not woven")) {
        return true;
      }
    }
    return false;
  }

  /**
   * This build's version, as the agent jar's name has it: the jar's manifest carries it; classes
   * run from a directory (in-process tests) have none.
   */
  private static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version != null ? version : "<version>";
  }

  private static void usage(PrintStream out) {
    out.println("Usage: java -jar weft-examples.jar NAME");
    out.println();
    out.println("Examples:");
    int width = EXAMPLES.stream().mapToInt(e -> e.name().length()).max().orElse(0);
    for (Example example : EXAMPLES) {
      out.printf("  %-" + width + "s  %s%n", example.name(), example.summary());
    }
  }
}
