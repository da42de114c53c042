package io.weft.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Weaves the {@code @Coroutine} methods of the project's test classes in place, after they are
 * compiled and before the tests run. The same weaving as {@link WeaveMojo}, over the test
 * output directory.
 */
@Mojo(
    name = "weave-tests",
    defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
    requiresDependencyResolution = ResolutionScope.TEST,
    threadSafe = true)
public class WeaveTestsMojo extends AbstractWeaveMojo {

  /** The directory of the compiled test classes, woven in place. */
  @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true)
  private File testClassesDirectory;

  /** The test classpath (main classes and every dependency), read for stack-map frames. */
  @Parameter(
      defaultValue = "${project.testClasspathElements}",
      readonly = true,
      required = true)
  private List<String> classpathElements;

  /** Creates the mojo; Maven injects the parameters. */
  public WeaveTestsMojo() {}

  @Override
  protected File classesDirectory() {
    return testClassesDirectory;
  }

  @Override
  protected List<String> classpathElements() {
    return classpathElements;
  }
}
