package io.weft.subprocess;

/**
 * Where a child's standard stream goes: Python's {@code asyncio.subprocess.PIPE}, {@code STDOUT},
 * {@code DEVNULL}, and {@code None} (inherit). Given to {@link SubprocessOptions}.
 *
 * <pre>{@code
 * import static io.weft.subprocess.Redirect.*;
 *
 * SubprocessOptions.defaults().withStdout(PIPE).withStderr(STDOUT)
 * }</pre>
 */
public enum Redirect {
  /**
   * A pipe to this process: {@link Process#stdin()} is a {@link io.weft.net.StreamWriter},
   * {@link Process#stdout()} and {@link Process#stderr()} are {@link io.weft.net.StreamReader}s.
   * Python's {@code asyncio.subprocess.PIPE}.
   */
  PIPE,

  /**
   * For stderr only: the child's stderr goes where its stdout goes (into the stdout pipe, when
   * stdout is {@link #PIPE}). Python's {@code asyncio.subprocess.STDOUT}.
   */
  STDOUT,

  /**
   * The null device: the child reads an empty stdin, and what it writes is discarded. Python's
   * {@code asyncio.subprocess.DEVNULL}.
   */
  DEVNULL,

  /**
   * The child shares this JVM's stream (file descriptor 0, 1 or 2). Python's {@code None}, the
   * default.
   */
  INHERIT
}
