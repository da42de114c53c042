package io.weft.agent;

import java.lang.instrument.Instrumentation;

/**
 * The entry point of {@code weft-agent.jar} ({@code Premain-Class} and {@code Agent-Class} of its
 * manifest): registers a {@link WeavingTransformer} so that {@code @Coroutine} methods are woven
 * as their classes load.
 *
 * <pre>
 * java -javaagent:weft-agent.jar[=options] -cp app.jar:weft-runtime.jar com.example.Main
 * </pre>
 *
 * <p>The options are described in {@link AgentOptions}. The agent jar carries the weaver and a
 * private, relocated copy of ASM, but not {@code weft-runtime}: woven code calls {@code
 * io.weft.*} from the application's class path, so put {@code weft-runtime.jar} there.
 */
public final class Premain {
  private Premain() {}

  /**
   * Starts the agent before {@code main}, for {@code -javaagent}. Every class loaded from now on
   * by a class loader other than the bootstrap loader is considered for weaving.
   *
   * @param argument the options, or null
   * @param instrumentation the JVM's instrumentation. Not null.
   * <p>Invalid options stop the JVM before {@code main} with exit status 1, after one line on
   * stderr saying what is wrong: throwing from {@code premain} would instead make the JVM abort
   * (status 134, a possible core dump) under its own stack traces and native frames.
   */
  public static void premain(String argument, Instrumentation instrumentation) {
    install(argument, instrumentation, false);
  }

  /**
   * Starts the agent in a running JVM, for the attach API ({@code VirtualMachine.loadAgent}).
   *
   * <p>Only classes loaded <em>after</em> this call are woven. Classes already loaded are not
   * rewoven: weaving adds a method to the class (the state machine's body), and the JVM's
   * retransformation cannot add or remove methods or fields, so the manifest says {@code
   * Can-Retransform-Classes: false}. Attach the agent before the application loads its
   * coroutine classes, or weave them at build time with {@code weft-maven-plugin}.
   *
   * @param argument the options, or null
   * @param instrumentation the JVM's instrumentation. Not null.
   * @throws IllegalArgumentException when the options are invalid, after one line on stderr
   *     saying why: the running application is left as it was, and the attaching tool gets an
   *     {@code AgentInitializationException} (the JVM also prints this exception's trace)
   */
  public static void agentmain(String argument, Instrumentation instrumentation) {
    install(argument, instrumentation, true);
  }

  private static void install(String argument, Instrumentation instrumentation, boolean late) {
    AgentOptions options;
    try {
      options = AgentOptions.parse(argument);
    } catch (IllegalArgumentException invalid) {
      System.err.println("[weft] " + invalid.getMessage());
      if (late) {
        throw invalid; // the application runs on; the attaching tool gets the reason
      }
      System.exit(1); // nothing of the application has run yet
      return;
    }
    instrumentation.addTransformer(new WeavingTransformer(options, System.err), false);
    if (late && options.log()) {
      System.err.println("[weft] agent attached: classes loaded from now on are woven; classes"
          + " already loaded are not rewoven (the JVM cannot add methods to them)");
    }
  }
}
