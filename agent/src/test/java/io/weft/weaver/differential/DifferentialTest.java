package io.weft.weaver.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.weaver.differential.Frag.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the weaver: thousands of random generator programs, each run woven and
 * as a plain-Java reference under the same script of sends, throwIns and closes; the traces
 * (every yielded value, every side effect, the result or exception, in order) must be equal.
 *
 * <p>System properties: {@code weft.differential.programs} (default 2000), {@code
 * weft.differential.seed} (default fixed, so that runs are reproducible), {@code
 * weft.differential.only} (run that program alone and print it). A failure prints the seed, the
 * program's index, its source and both traces; all differing programs are also written to {@code
 * target/differential-failures.txt}.
 */
class DifferentialTest {
  static final long DEFAULT_SEED = 20_261_121L;

  static long seed() {
    return Long.getLong("weft.differential.seed", DEFAULT_SEED);
  }

  /** The programs of this run: all of them, or the one named by weft.differential.only. */
  static List<Program> programs(long seed, int defaultCount) {
    ProgramGenerator generator = new ProgramGenerator();
    List<Program> programs = new ArrayList<>();
    String only = System.getProperty("weft.differential.only");
    if (only != null && !only.isBlank()) {
      for (String i : only.split(",")) {
        programs.add(generator.generate(Integer.parseInt(i.trim()), seed));
      }
      return programs;
    }
    int n = Integer.getInteger("weft.differential.programs", defaultCount);
    for (int i = 0; i < n; i++) {
      programs.add(generator.generate(i, seed));
    }
    return programs;
  }

  @Test
  void wovenProgramsBehaveLikeTheirReference() throws IOException {
    long seed = seed();
    List<Program> programs = programs(seed, 2000);
    Harness.Report report = Harness.run(seed, programs, Variant.WOVEN, Variant.REFERENCE);
    System.out.println(report.summary());
    if (programs.size() == 1) {
      Harness.Outcome o = report.outcomes.get(0);
      System.out.println(o.problem == null ? report.describe(o) : "");
    }
    String failures = report.describe(Integer.MAX_VALUE);
    if (!report.failures().isEmpty()) {
      Path out = Paths.get("target", "differential-failures.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, failures);
    }
    assertTrue(report.failures().isEmpty(), () -> report.describe(2));
  }
}
