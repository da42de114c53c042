package io.weft.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a {@link Fixtures} class through the JUnit Platform Launcher, in this JVM, and returns what
 * happened to each test: how a build tool would see it. (junit-platform-testkit's EngineTestKit
 * would do; it is not among the project's dependencies.)
 */
final class Launch {
  private Launch() {}

  /** One test's end: its names as IDEs and Surefire show them, and its result. */
  record Outcome(String displayName, String legacyName, TestExecutionResult.Status status,
      Throwable error) {
    /** The failure's message, with the messages of its suppressed exceptions. */
    String text() {
      if (error == null) {
        return "";
      }
      StringBuilder s = new StringBuilder(String.valueOf(error.getMessage()));
      for (Throwable t : error.getSuppressed()) {
        s.append("\n[suppressed] ").append(t);
      }
      return s.toString();
    }
  }

  /** Runs {@code fixture}; returns the outcome of each test and of each container that failed. */
  static List<Outcome> run(Class<?> fixture) {
    List<Outcome> outcomes = new ArrayList<>();
    System.setProperty(Fixtures.ENABLED, "true");
    try {
      Launcher launcher = LauncherFactory.create();
      launcher.execute(
          LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(),
          new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
              if (id.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                outcomes.add(new Outcome(id.getDisplayName(), id.getLegacyReportingName(),
                    result.getStatus(), result.getThrowable().orElse(null)));
              }
            }
          });
    } finally {
      System.clearProperty(Fixtures.ENABLED);
    }
    return outcomes;
  }

  /** Runs {@code fixture}, which must hold exactly one test, and returns its outcome. */
  static Outcome single(Class<?> fixture) {
    List<Outcome> outcomes = run(fixture);
    if (outcomes.size() != 1) {
      throw new AssertionError("expected one test outcome from " + fixture + ", got " + outcomes);
    }
    return outcomes.get(0);
  }
}
