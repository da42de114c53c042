package io.weft.agent;

import io.weft.weaver.ClassHierarchy;
import io.weft.weaver.WeaveException;
import io.weft.weaver.Weaver;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/**
 * Weaves {@code @Coroutine} methods as classes load: the adapter between {@link
 * java.lang.instrument} and {@link Weaver}. It filters, logs and delegates; weaving itself is the
 * weaver's, shared with {@code weft-maven-plugin} (as JaCoCo's {@code CoverageTransformer} is to
 * its instrumenter).
 *
 * <p>Per class, cheapest test first:
 *
 * <pre>
 * bootstrap loader, JDK or Weft class, redefinition   -> unchanged (null), no work at all
 * not selected by include=/exclude=                    -> unchanged
 *   (a class defined without a name is filtered after isCandidate, by the name in its bytes)
 * !Weaver.isCandidate(bytes): no Weft reference        -> unchanged; nothing was parsed
 * Weaver.isWoven(bytes): woven at build time           -> unchanged, never woven twice
 * weaver refuses a method (WeaveException)             -> unchanged; "[weft] message" on stderr
 * unknown class-file version or malformed class        -> unchanged, silently ("log=true": a line)
 * the weaver fails on a readable class (a Weft bug)    -> unchanged; one "[weft]" line on stderr
 * otherwise                                            -> the woven bytes ("log=true": a line)
 * </pre>
 *
 * <p>It never prints a stack trace: an agent that prints one for every class it cannot read (JDK
 * classes of a newer version than its ASM knows, say) buries the one line that matters. No {@code
 * Class} is used to decide, and supertypes are resolved by {@link ClassHierarchy#of} from class
 * file bytes, so a transform never loads a class. A new {@code ClassHierarchy} is made per woven
 * class because transforms run concurrently on the loading threads and its cache is not
 * thread-safe; candidates are rare, so this costs little.
 */
public final class WeavingTransformer implements ClassFileTransformer {
  /**
   * Internal-name prefixes never woven: the JDK's classes, and Weft's own (weft-runtime, and the
   * agent jar's weaver and shaded ASM, which load while a transform runs).
   */
  private static final String[] SKIPPED = {
    "java/", "javax/", "jdk/", "sun/", "com/sun/", "io/weft/",
  };

  /** Under {@code io/weft/}, programs written with Weft rather than Weft itself: woven. */
  private static final String[] WEFT_PROGRAMS = {"io/weft/examples/", "io/weft/benchmarks/"};

  private final AgentOptions options;
  private final PrintStream err;
  private final ClassFileDumper dumper;

  /**
   * Creates a transformer.
   *
   * @param options the parsed agent options. Not null.
   * @param err where to report refused methods and, with {@code log=true}, woven classes: {@code
   *     System.err} for the agent. Not null.
   */
  public WeavingTransformer(AgentOptions options, PrintStream err) {
    this.options = options;
    this.err = err;
    this.dumper = options.dumpDirectory() == null ? null : new ClassFileDumper(
        options.dumpDirectory());
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile) {
    if (loader == null
        || classBeingRedefined != null // a woven shape cannot be redefined in: no new methods
        || className != null && !isSelected(className)) {
      return null;
    }
    String name = className;
    try {
      if (!Weaver.isCandidate(classFile) || Weaver.isWoven(classFile)) {
        return null;
      }
      if (name == null) { // ClassLoader.defineClass(null, ...): the name is in the bytes
        name = new ClassReader(classFile).getClassName();
        if (!isSelected(name)) {
          return null;
        }
      }
      byte[] woven = new Weaver(ClassHierarchy.of(loader)).weave(classFile);
      if (woven == null) {
        return null;
      }
      if (options.log()) {
        report("woven " + name.replace('/', '.'));
      }
      dump(name, classFile, woven);
      return woven;
    } catch (WeaveException refused) {
      report(refused.getMessage());
      dump(name, classFile, null);
      return null;
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError failure) {
      String shown = name == null ? "a class" : name.replace('/', '.');
      if (!isReadable(classFile)) {
        if (options.log()) {
          report("skipped " + shown + ": not a class file this agent can read (" + failure + ")");
        }
        return null;
      }
      report("could not weave " + shown + ", left it unchanged: " + failure + at(failure)
          + ". This is a Weft bug: please report it with the class file (dump=<directory>"
          + " saves it).");
      dump(name, classFile, null);
      return null;
    }
  }

  private boolean isSelected(String internalName) {
    return !isSkipped(internalName) && options.selects(internalName);
  }

  /**
   * Says whether a class is never woven, whatever the options: the JDK's and Weft's own.
   *
   * @param internalName a class's internal name. Not null.
   * @return true when the agent leaves the class alone without looking at its bytes
   */
  static boolean isSkipped(String internalName) {
    for (String prefix : SKIPPED) {
      if (internalName.startsWith(prefix)) {
        for (String program : WEFT_PROGRAMS) {
          if (internalName.startsWith(program)) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  /** True when ASM can parse the whole class: otherwise a failure is the class's, not ours. */
  private static boolean isReadable(byte[] classFile) {
    try {
      new ClassReader(classFile).accept(new ClassNode(), 0);
      return true;
    } catch (RuntimeException | LinkageError | StackOverflowError malformed) {
      return false;
    }
  }

  /** " at Frame.method(File.java:12)": where a failure came from, without a stack trace. */
  private static String at(Throwable failure) {
    StackTraceElement[] trace = failure.getStackTrace();
    return trace.length == 0 ? "" : " at " + trace[0];
  }

  private void dump(String className, byte[] original, byte[] woven) {
    if (dumper == null || className == null) {
      return;
    }
    try {
      dumper.dumpOriginal(className, original);
      if (woven != null) {
        dumper.dumpWoven(className, woven);
      }
    } catch (IOException | RuntimeException e) {
      report("could not dump " + className.replace('/', '.') + " to " + options.dumpDirectory()
          + ": " + e);
    }
  }

  private void report(String line) {
    err.println("[weft] " + line);
  }
}
