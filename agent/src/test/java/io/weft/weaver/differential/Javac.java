package io.weft.weaver.differential;

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
 * Compiles generated sources in memory for {@code --release 17}, like the shared {@code
 * InMemoryJavac}, but reports errors per source (a batch holds thousands of lines) so that a
 * program the generator got wrong can be named.
 */
final class Javac {
  private Javac() {}

  /** The result of a compilation: class files, or the errors. */
  static final class Result {
    final Map<String, byte[]> classes;
    /** Error messages by source name; empty when the compilation succeeded. */
    final Map<String, List<String>> errors;

    Result(Map<String, byte[]> classes, Map<String, List<String>> errors) {
      this.classes = classes;
      this.errors = errors;
    }
  }

  static Result compile(Map<String, String> sources) {
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
            "--release", "17",
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
