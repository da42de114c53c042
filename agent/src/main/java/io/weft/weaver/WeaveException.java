package io.weft.weaver;

/**
 * A method the weaver refuses to weave. The message names the class, the method, the source line
 * and the fix, in one line a build log or an agent log can show as it is:
 *
 * <pre>
 * com.example.Feed.items (Feed.java:42): Generator.yield inside a synchronized block: a monitor
 * cannot be held across a suspension. Fix: use io.weft.sync.Lock, or move the call out of the
 * synchronized block.
 * </pre>
 */
public final class WeaveException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The refused class, as a binary name. */
  private final String className;

  /** The refused method's name, or null when the problem is the whole class. */
  private final String methodName;

  /** The source file name from the class file, or null. */
  private final String sourceFile;

  /** The source line, or -1 when unknown. */
  private final int line;

  /**
   * Creates the exception.
   *
   * @param className the class, as a binary name ({@code com.example.Feed}). Not null.
   * @param methodName the method's name. May be null when the problem is the whole class.
   * @param sourceFile the source file name from the class file. May be null.
   * @param line the source line, or -1 when unknown
   * @param problem what is wrong, as a sentence
   * @param fix what the user should do, as a sentence
   */
  public WeaveException(
      String className, String methodName, String sourceFile, int line, String problem,
      String fix) {
    super(format(className, methodName, sourceFile, line, problem, fix));
    this.className = className;
    this.methodName = methodName;
    this.sourceFile = sourceFile;
    this.line = line;
  }

  private static String format(
      String className, String methodName, String sourceFile, int line, String problem,
      String fix) {
    StringBuilder b = new StringBuilder(className);
    if (methodName != null) {
      b.append('.').append(methodName);
    }
    b.append(" (").append(sourceFile == null ? "Unknown Source" : sourceFile);
    if (line > 0) {
      b.append(':').append(line);
    }
    b.append("): ").append(problem);
    if (fix != null) {
      b.append(" Fix: ").append(fix);
    }
    return b.toString();
  }

  /**
   * Returns the class the refused method belongs to.
   *
   * @return a binary class name
   */
  public String className() {
    return className;
  }

  /**
   * Returns the refused method's name.
   *
   * @return the name, or null when the refusal is about the whole class
   */
  public String methodName() {
    return methodName;
  }

  /**
   * Returns the source file the class was compiled from.
   *
   * @return the file name, or null when the class file does not say
   */
  public String sourceFile() {
    return sourceFile;
  }

  /**
   * Returns the source line of the refused construct.
   *
   * @return the line, or -1 when unknown
   */
  public int line() {
    return line;
  }
}
