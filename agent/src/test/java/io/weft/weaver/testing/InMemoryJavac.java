package io.weft.weaver.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Compiles {@code sources} ({@code "pkg.Name" -> source text}) for {@code --release release}.
   *
   * @return class files keyed by binary name ({@code pkg.Name$Inner})
   * @throws AssertionError with javac's diagnostics when compilation fails
   */
  public static Map<String, byte[]> compile(Map<String, String> sources, int release) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, null, null);
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
                out.put(className, bytes);
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
            "-classpath", System.getProperty("java.class.path") + File.pathSeparator);
    StringWriter log = new StringWriter();
    boolean ok = javac.getTask(log, files, diagnostics, options, null, units).call();
    if (!ok) {
      StringBuilder b = new StringBuilder("javac failed:\n").append(log);
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        b.append(d).append('\n');
      }
      sources.forEach((name, text) -> b.append("--- ").append(name).append('\n').append(text));
      throw new AssertionError(b.toString());
    }
    Map<String, byte[]> classes = new TreeMap<>();
    out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
    return classes;
  }
}
