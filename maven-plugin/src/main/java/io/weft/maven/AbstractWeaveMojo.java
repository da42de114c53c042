package io.weft.maven;

import io.weft.weaver.ClassHierarchy;
import io.weft.weaver.WeaveException;
import io.weft.weaver.Weaver;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.util.DirectoryScanner;

/**
 * Weaves the {@code @Coroutine} methods of the class files in one directory, in place. A thin
 * shell over {@link Weaver}: it selects the files, logs, and delegates; the weaving itself is the
 * same code the {@code -javaagent} runs.
 *
 * <p>For each selected class file: a class that already carries the woven marker is left alone
 * (so running twice, or an incremental build, weaves each class once); a class the weaver has
 * nothing to do for ({@link Weaver#weave} returns null) is left alone; otherwise the file is
 * replaced by the woven bytes. A method the weaver refuses ({@link WeaveException}) fails the
 * build, after every class has been tried, with every refusal listed.
 *
 * <p>Subclasses say which directory and which classpath: {@link WeaveMojo} the main classes,
 * {@link WeaveTestsMojo} the test classes.
 */
public abstract class AbstractWeaveMojo extends AbstractMojo {

  /**
   * Ant-style patterns, relative to the classes directory, of the class files to weave, for
   * example {@code com/example/**}. Empty means every {@code **}{@code /*.class} file.
   */
  @Parameter private List<String> includes;

  /**
   * Ant-style patterns, relative to the classes directory, of class files never to weave, for
   * example {@code com/example/legacy/**}. Excludes win over includes.
   */
  @Parameter private List<String> excludes;

  /** Skips weaving: the classes stay as the compiler wrote them. */
  @Parameter(property = "weft.skip", defaultValue = "false")
  private boolean skip;

  /** Logs every class woven or skipped as already woven, not only the totals. */
  @Parameter(property = "weft.verbose", defaultValue = "false")
  private boolean verbose;

  /** Creates the mojo; Maven injects the parameters. */
  protected AbstractWeaveMojo() {}

  /**
   * Returns the directory whose class files are woven in place.
   *
   * @return the directory; it may not exist (nothing was compiled)
   */
  protected abstract File classesDirectory();

  /**
   * Returns the classpath the classes were compiled against, which the weaver reads (as bytes,
   * never by loading classes) to compute stack-map frames.
   *
   * @return directories and jars; may be empty, never null
   */
  protected abstract List<String> classpathElements();

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    File directory = classesDirectory();
    if (skip) {
      getLog().info("Skipping Weft weaving of " + directory + " (weft.skip)");
      return;
    }
    if (!directory.isDirectory()) {
      getLog().info("Nothing to weave: " + directory + " does not exist");
      return;
    }
    String[] classFiles = select(directory);
    Tally tally = new Tally();
    try (URLClassLoader loader = classpathLoader(directory)) {
      Weaver weaver = new Weaver(ClassHierarchy.of(loader));
      for (String classFile : classFiles) {
        weaveFile(weaver, directory.toPath().resolve(classFile), classFile, tally);
      }
    } catch (IOException e) {
      throw new MojoExecutionException("Weft: cannot weave " + directory + ": " + e, e);
    }
    report(directory, classFiles.length, tally);
  }

  private String[] select(File directory) {
    DirectoryScanner scanner = new DirectoryScanner();
    scanner.setBasedir(directory);
    scanner.setIncludes(isEmpty(includes) ? new String[] {"**/*.class"} : toArray(includes));
    scanner.setExcludes(isEmpty(excludes) ? null : toArray(excludes));
    scanner.scan();
    List<String> selected = new ArrayList<>();
    for (String file : scanner.getIncludedFiles()) {
      if (file.endsWith(".class")) {
        selected.add(file.replace(File.separatorChar, '/'));
      }
    }
    selected.sort(null); // a stable order, so logs and failures read the same on every machine
    return selected.toArray(new String[0]);
  }

  /** The loader is only read for class-file resources; its parent sees the JDK alone. */
  private URLClassLoader classpathLoader(File directory) throws MojoExecutionException {
    Set<File> entries = new LinkedHashSet<>();
    entries.add(directory);
    for (String element : classpathElements()) {
      entries.add(new File(element));
    }
    List<URL> urls = new ArrayList<>();
    for (File entry : entries) {
      try {
        urls.add(entry.toURI().toURL());
      } catch (MalformedURLException e) {
        throw new MojoExecutionException("Weft: bad classpath entry " + entry, e);
      }
    }
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  private void weaveFile(Weaver weaver, Path path, String classFile, Tally tally)
      throws IOException, MojoExecutionException {
    byte[] original = Files.readAllBytes(path);
    String className = classFile.substring(0, classFile.length() - ".class".length());
    className = className.replace('/', '.');
    byte[] woven;
    try {
      if (Weaver.isWoven(original)) {
        tally.alreadyWoven++;
        if (verbose) {
          getLog().info("Already woven, skipped: " + className);
        }
        return;
      }
      if (!Weaver.isCandidate(original)) {
        return;
      }
      woven = weaver.weave(original);
    } catch (WeaveException refused) {
      tally.refusals.add(refused.getMessage());
      return;
    } catch (RuntimeException unreadable) {
      // A malformed class file, or a weaver bug: either way, name the class and stop.
      throw new MojoExecutionException(
          "Weft cannot weave " + className + " (" + path + "): " + unreadable, unreadable);
    }
    if (woven == null) {
      return;
    }
    replace(path, woven);
    tally.woven++;
    if (verbose) {
      getLog().info("Woven: " + className);
    }
  }

  /** Writes beside the file, then renames, so an interrupted build never leaves half a class. */
  private static void replace(Path path, byte[] bytes) throws IOException {
    Path temporary = path.resolveSibling(path.getFileName() + ".weft-tmp");
    Files.write(temporary, bytes);
    try {
      Files.move(
          temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException atomicMoveUnsupported) {
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void report(File directory, int selected, Tally tally) throws MojoFailureException {
    if (!tally.refusals.isEmpty()) {
      StringBuilder message = new StringBuilder();
      message.append("Weft refused to weave ").append(tally.refusals.size());
      message.append(tally.refusals.size() == 1 ? " method" : " methods");
      message.append(" in ").append(directory).append(':');
      for (String refusal : tally.refusals) {
        message.append(System.lineSeparator()).append("  ").append(refusal);
      }
      throw new MojoFailureException(message.toString());
    }
    getLog()
        .info(
            String.format(
                "Weft wove %d %s in %s (%d %s selected, %d already woven)",
                tally.woven,
                tally.woven == 1 ? "class" : "classes",
                directory,
                selected,
                selected == 1 ? "class file" : "class files",
                tally.alreadyWoven));
  }

  private static boolean isEmpty(List<String> patterns) {
    return patterns == null || patterns.isEmpty();
  }

  private static String[] toArray(List<String> patterns) {
    return patterns.toArray(new String[0]);
  }

  /** What one execution did. */
  private static final class Tally {
    int woven;
    int alreadyWoven;
    final List<String> refusals = new ArrayList<>();
  }
}
