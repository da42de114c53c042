package io.weft.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Weaves the {@code @Coroutine} methods of the project's main classes in place, after they are
 * compiled, so the jar holds woven classes and needs no {@code -javaagent}.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>io.weft</groupId>
 *   <artifactId>weft-maven-plugin</artifactId>
 *   <executions><execution><goals><goal>weave</goal></goals></execution></executions>
 * </plugin>
 * }</pre>
 */
@Mojo(
    name = "weave",
    defaultPhase = LifecyclePhase.PROCESS_CLASSES,
    requiresDependencyResolution = ResolutionScope.COMPILE,
    threadSafe = true)
public class WeaveMojo extends AbstractWeaveMojo {

  /** The directory of the compiled main classes, woven in place. */
  @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
  private File classesDirectory;

  /** The compile classpath, read for stack-map frames. */
  @Parameter(
      defaultValue = "${project.compileClasspathElements}",
      readonly = true,
      required = true)
  private List<String> classpathElements;

  /** Creates the mojo; Maven injects the parameters. */
  public WeaveMojo() {}

  @Override
  protected File classesDirectory() {
    return classesDirectory;
  }

  @Override
  protected List<String> classpathElements() {
    return classpathElements;
  }
}
