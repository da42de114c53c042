package io.weft.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every public type of the public API says which asyncio (or Python) name it mirrors, or that it
 * has none: its Javadoc names Python or asyncio. The public API is everything under {@code
 * io.weft} in the runtime, weft-junit and weft-tools sources, but {@code io.weft.internal}, which
 * only woven code calls. The build's Javadoc gate (maven-javadoc-plugin with doclint, in the parent
 * POM) already fails on a public type without a comment; this test checks what the comment says.
 *
 * <p>The sources are parsed, not compiled, with the JDK's own parser (the {@code jdk.compiler}
 * tree API), so a public type nested in a public type is found as surely as a top-level one.
 */
class PublicApiJavadocTest {

  /** The source roots of the modules users call. */
  private static final List<Path> PUBLIC_SOURCES =
      List.of(
          Path.of("../runtime/src/main/java"),
          Path.of("../junit/src/main/java"),
          Path.of("../tools/src/main/java"));

  /** What a comment must contain: the Python or asyncio name, or that there is none. */
  private static final Pattern NAMES_ITS_PYTHON_COUNTERPART =
      Pattern.compile("\\b(asyncio|Python|CPython)\\b");

  /** A public type found in the sources, with its comment (null when it has none). */
  private record PublicType(String name, String location, String comment) {}

  private static List<PublicType> publicTypes() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : PUBLIC_SOURCES) {
      assertTrue(Files.isDirectory(root), "missing " + root.toAbsolutePath());
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.toString().endsWith(".java"))
            .filter(p -> !p.getFileName().toString().equals("package-info.java"))
            .filter(p -> !p.toString().contains("/io/weft/internal/"))
            .sorted()
            .forEach(files::add);
      }
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<PublicType> types = new ArrayList<>();
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(files);
      JavacTask task = (JavacTask) javac.getTask(null, fileManager, null, null, null, units);
      DocTrees docTrees = DocTrees.instance(task);
      for (CompilationUnitTree unit : task.parse()) {
        String file = Path.of(unit.getSourceFile().toUri()).getFileName().toString();
        LineMap lines = unit.getLineMap();
        new TreePathScanner<Void, String>() {
          @Override
          public Void visitClass(ClassTree type, String outer) {
            boolean isPublic = type.getModifiers().getFlags().contains(Modifier.PUBLIC);
            boolean inInterface =
                getCurrentPath().getParentPath().getLeaf() instanceof ClassTree parent
                    && (parent.getKind() == Tree.Kind.INTERFACE
                        || parent.getKind() == Tree.Kind.ANNOTATION_TYPE);
            if (!(isPublic || inInterface) || type.getSimpleName().isEmpty()) {
              return null; // not API, and nothing inside it is either
            }
            String name =
                outer.isEmpty() ? type.getSimpleName().toString() : outer + "." + type.getSimpleName();
            DocCommentTree doc = docTrees.getDocCommentTree(getCurrentPath());
            long line = lines.getLineNumber(docTrees.getSourcePositions()
                .getStartPosition(unit, type));
            types.add(new PublicType(name, file + ":" + line, doc == null ? null : doc.toString()));
            return super.visitClass(type, name);
          }
        }.scan(new TreePath(unit), "");
      }
    }
    return types;
  }

  @Test
  void everyPublicTypeNamesTheAsyncioOrPythonNameItMirrors() throws IOException {
    List<PublicType> types = publicTypes();
    // The count guards the scan itself: a parser that found nothing would pass everything.
    assertTrue(types.size() > 100, "found only " + types.size() + " public types");
    List<String> silent = new ArrayList<>();
    for (PublicType type : types) {
      if (type.comment() == null) {
        silent.add(type.name() + " (" + type.location() + "): no Javadoc comment");
      } else if (!NAMES_ITS_PYTHON_COUNTERPART.matcher(type.comment()).find()) {
        silent.add(
            type.name() + " (" + type.location() + "): its Javadoc names no asyncio or Python"
                + " counterpart. Fix: say which asyncio name it mirrors (\"Python's {@code"
                + " asyncio.X}\"), or \"No asyncio counterpart: ...\" and why");
      }
    }
    assertTrue(
        silent.isEmpty(),
        () -> "public types whose Javadoc does not say what they mirror:\n"
            + String.join("\n", silent));
  }
}
