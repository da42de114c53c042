package io.weft.weaver.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources in memory with the running JDK's javac, against the test class path (so
 * {@code io.weft} is visible), and returns the class files by binary name.
 */
public final class InMemoryJavac {
  private InMemoryJavac() {}

  /** The result of a compilation: class files, and the errors by source name. */
  public static final class Result {
    /** Class files by binary name ({@code pkg.Name$Inner}). */
    public final Map<String, byte[]> classes;
    /** Error messages by source name ({@code pkg.Name}); empty when javac succeeded. */
    public final Map<String, List<String>> errors;

    Result(Map<String, byte[]> classes, Map<String, List<String>> errors) {
      this.classes = classes;
      this.errors = errors;
    }
  }

  /**
   * Compiles {@code sources} ({@code "pkg.Name" -> source text}) for {@code --release release}.
   *
   * @return class files keyed by binary name
   * @throws AssertionError with javac's errors and the sources when compilation fails
   */
  public static Map<String, byte[]> compile(Map<String, String> sources, int release) {
    Result result = tryCompile(sources, release);
    if (!result.errors.isEmpty()) {
      StringBuilder b = new StringBuilder("javac failed:\n");
      result.errors.forEach((name, messages) -> messages.forEach(
          m -> b.append(name).append(".java ").append(m).append('\n')));
      sources.forEach((name, text) -> b.append("--- ").append(name).append('\n').append(text));
      throw new AssertionError(b.toString());
    }
    return result.classes;
  }

  /**
   * Compiles {@code sources}, reporting errors per source instead of failing, so a caller
   * compiling a large batch can name the source javac rejected.
   */
  public static Result tryCompile(Map<String, String> sources, int release) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
    Map<String, ByteArrayOutputStream> out = new TreeMap<>();
    JavaFileManager files =
        new ForwardingJavaFileManager<>(std) {
          @Override
          public JavaFileObject getJavaFileForOutput(
              Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(
                URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
              @Override
              public OutputStream openOutputStream() {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                synchronized (out) {
                  out.put(className, bytes);
                }
                return bytes;
              }
            };
          }
        };
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach(
        (name, text) ->
            units.add(
                new SimpleJavaFileObject(
                    URI.create("string:///" + name.replace('.', '/') + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                  @Override
                  public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return text;
                  }
                }));
    List<String> options =
        List.of(
            "--release", Integer.toString(release),
            "-g",
            "-proc:none",
            "-nowarn",
            "-Xlint:none",
            "-Xmaxerrs", "10000",
            "-classpath", System.getProperty("java.class.path") + File.pathSeparator);
    StringWriter log = new StringWriter();
    boolean ok = javac.getTask(log, files, diagnostics, options, null, units).call();
    Map<String, List<String>> errors = new TreeMap<>();
    if (!ok) {
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() != Diagnostic.Kind.ERROR) {
          continue;
        }
        String source = d.getSource() == null ? "?" : d.getSource().getName();
        String name = source.replaceFirst("^/", "").replace(".java", "").replace('/', '.');
        errors.computeIfAbsent(name, k -> new ArrayList<>())
            .add("line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
      }
      if (errors.isEmpty()) {
        errors.put("?", List.of(log.toString()));
      }
    }
    Map<String, byte[]> classes = new TreeMap<>();
    out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
    return new Result(classes, errors);
  }
}
