package io.weft.internal;

/** Builds the error raised when a suspension method runs in code that was not woven. */
public final class NotWoven {
  private NotWoven() {}

  private static final StackWalker WALKER = StackWalker.getInstance();

  private static boolean isSuspensionApi(String className) {
    return className.startsWith("io.weft.internal.")
        || className.equals("io.weft.Generator")
        || className.equals("io.weft.AsyncGenerator")
        || className.equals("io.weft.Asyncio");
  }

  /**
   * Returns the error for a call to {@code api} from unwoven code, naming the caller.
   *
   * @param api the suspension method, as the user spelled it ({@code "Generator.yield"})
   * @return the exception to throw
   */
  public static IllegalStateException error(String api) {
    String caller =
        WALKER.walk(
            frames ->
                frames
                    .filter(f -> !isSuspensionApi(f.getClassName()))
                    .findFirst()
                    .map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName()
                        + ":" + f.getLineNumber() + ")")
                    .orElse("unknown caller"));
    return new IllegalStateException(
        api + " was called from " + caller + ", which was not woven. Mark the method @Coroutine"
            + " (returning Generator, Coro or AsyncGenerator) and weave it: at build time with weft-maven-plugin"
            + " (goal weave), or at load time with java -javaagent:weft-agent.jar.");
  }
}
