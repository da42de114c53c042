package io.weft.subprocess;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The keyword arguments of {@link Subprocess#createSubprocessExec} and {@link
 * Subprocess#createSubprocessShell}: Python's {@code stdin=None, stdout=None, stderr=None,
 * limit=2**16, cwd=None, env=None}. Immutable; each {@code with} method returns a copy.
 *
 * <pre>{@code
 * // stdin=PIPE, stdout=PIPE, stderr=STDOUT, cwd="/tmp"
 * SubprocessOptions.defaults().withStdin(PIPE).withStdout(PIPE).withStderr(STDOUT)
 *     .withCwd(Path.of("/tmp"))
 * }</pre>
 *
 * @param stdin where the child's stdin comes from: {@link Redirect#PIPE}, {@link
 *     Redirect#DEVNULL} or {@link Redirect#INHERIT}. Not null.
 * @param stdout where the child's stdout goes: {@link Redirect#PIPE}, {@link Redirect#DEVNULL}
 *     or {@link Redirect#INHERIT}. Not null.
 * @param stderr where the child's stderr goes: any {@link Redirect}; {@link Redirect#STDOUT}
 *     merges it into stdout. Not null.
 * @param limit the limit of the {@link io.weft.net.StreamReader}s of stdout and stderr (the
 *     longest line, and half the buffer at which the reading thread pauses); positive
 * @param cwd the child's working directory, or null for this process's
 * @param env the child's whole environment (it replaces this process's, as Python's {@code
 *     env=}), or null to inherit this process's. Copied; no null key or value.
 */
public record SubprocessOptions(Redirect stdin, Redirect stdout, Redirect stderr, int limit,
    Path cwd, Map<String, String> env) {

  private static final SubprocessOptions DEFAULTS = new SubprocessOptions(Redirect.INHERIT,
      Redirect.INHERIT, Redirect.INHERIT, io.weft.net.StreamReader.DEFAULT_LIMIT, null, null);

  /**
   * Checks and copies the options.
   *
   * @param stdin where stdin comes from
   * @param stdout where stdout goes
   * @param stderr where stderr goes
   * @param limit the readers' limit
   * @param cwd the working directory, or null
   * @param env the environment, or null
   * @throws NullPointerException when a redirect is null, or {@code env} holds a null
   * @throws IllegalArgumentException when stdin or stdout is {@link Redirect#STDOUT}, or the
   *     limit is not positive
   */
  public SubprocessOptions {
    Objects.requireNonNull(stdin, "stdin: give a Redirect (INHERIT for Python's None)");
    Objects.requireNonNull(stdout, "stdout: give a Redirect (INHERIT for Python's None)");
    Objects.requireNonNull(stderr, "stderr: give a Redirect (INHERIT for Python's None)");
    if (stdin == Redirect.STDOUT || stdout == Redirect.STDOUT) {
      throw new IllegalArgumentException("Redirect.STDOUT is only for stderr (stdin=" + stdin
          + ", stdout=" + stdout + "): it merges stderr into stdout");
    }
    if (limit <= 0) {
      throw new IllegalArgumentException("Limit cannot be <= 0, got " + limit);
    }
    if (env != null) {
      env = Map.copyOf(env);
    }
  }

  /**
   * Returns Python's defaults: the three streams inherited, limit 64 KiB, this process's working
   * directory and environment.
   *
   * @return the defaults
   */
  public static SubprocessOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy with another stdin. Python's {@code stdin=}.
   *
   * @param stdin {@link Redirect#PIPE}, {@link Redirect#DEVNULL} or {@link Redirect#INHERIT}
   * @return the copy
   */
  public SubprocessOptions withStdin(Redirect stdin) {
    return new SubprocessOptions(stdin, stdout, stderr, limit, cwd, env);
  }

  /**
   * Returns a copy with another stdout. Python's {@code stdout=}.
   *
   * @param stdout {@link Redirect#PIPE}, {@link Redirect#DEVNULL} or {@link Redirect#INHERIT}
   * @return the copy
   */
  public SubprocessOptions withStdout(Redirect stdout) {
    return new SubprocessOptions(stdin, stdout, stderr, limit, cwd, env);
  }

  /**
   * Returns a copy with another stderr. Python's {@code stderr=}.
   *
   * @param stderr any {@link Redirect}; {@link Redirect#STDOUT} merges it into stdout
   * @return the copy
   */
  public SubprocessOptions withStderr(Redirect stderr) {
    return new SubprocessOptions(stdin, stdout, stderr, limit, cwd, env);
  }

  /**
   * Returns a copy with another reader limit. Python's {@code limit=}.
   *
   * @param limit positive
   * @return the copy
   */
  public SubprocessOptions withLimit(int limit) {
    return new SubprocessOptions(stdin, stdout, stderr, limit, cwd, env);
  }

  /**
   * Returns a copy with another working directory. Python's {@code cwd=}.
   *
   * @param cwd the directory, or null for this process's
   * @return the copy
   */
  public SubprocessOptions withCwd(Path cwd) {
    return new SubprocessOptions(stdin, stdout, stderr, limit, cwd, env);
  }

  /**
   * Returns a copy with another environment. Python's {@code env=}: the map is the child's
   * whole environment. To add one variable, start from {@code new HashMap<>(System.getenv())}.
   *
   * @param env the environment, or null to inherit this process's
   * @return the copy
   */
  public SubprocessOptions withEnv(Map<String, String> env) {
    return new SubprocessOptions(stdin, stdout, stderr, limit, cwd, env);
  }
}
