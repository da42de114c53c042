package io.weft.subprocess;

import io.weft.net.BrokenPipeError;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;

/** The exception plumbing and the platform facts of this package. */
final class SubprocessErrors {
  private SubprocessErrors() {}

  static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");

  /** The highest signal number on Linux ({@code _NSIG - 1}); see {@link #returncode(int)}. */
  static final int MAX_SIGNAL = 64;

  /**
   * Gives {@link ProcessBuilder#start()}'s failure Python's name. The JDK reports every failure
   * as a plain {@link IOException} "Cannot run program "x": error=2, No such file or directory";
   * Python raises {@code FileNotFoundError} (errno 2) and {@code PermissionError} (errno 13). The
   * Java exceptions for those are {@link FileNotFoundException} (whose name is Python's) and
   * {@link AccessDeniedException}. Other errors stay as the JDK raised them.
   */
  static IOException startFailure(IOException e) {
    String m = String.valueOf(e.getMessage());
    IOException mapped;
    if (m.contains("error=2,")) {
      mapped = new FileNotFoundException(m + " (check the program name and the PATH, or give an"
          + " absolute path; with a working directory, check that it exists)");
    } else if (m.contains("error=13,")) {
      mapped = new AccessDeniedException(m + " (is the program executable, and the working"
          + " directory readable?)");
    } else {
      return e;
    }
    mapped.initCause(e);
    return mapped;
  }

  /**
   * Gives a pipe's write error Python's name: the JDK reports a write to a pipe whose reader
   * closed as "Broken pipe", and a write after the child exited (the JDK then closes the pipe
   * itself) as "Stream closed"; Python raises {@code BrokenPipeError} for both.
   */
  static IOException writeFailure(IOException e) {
    if (e instanceof BrokenPipeError) {
      return e;
    }
    String m = e.getMessage();
    if (m != null && (m.contains("Broken pipe") || m.contains("Stream closed"))) {
      return new BrokenPipeError(m + ": the child process closed its stdin or exited", e);
    }
    return e;
  }

  /**
   * Python's {@code returncode} from the JDK's exit value. On Unix the JDK reports a death by
   * signal n as {@code 128 + n} (the shell's convention); Python reports {@code -n}. The two
   * cannot be told apart from a child that called {@code exit(128 + n)} itself, which Weft
   * therefore also reports as {@code -n}. On Windows the value is the exit code.
   */
  static int returncode(int exitValue) {
    if (!WINDOWS && exitValue > 128 && exitValue <= 128 + MAX_SIGNAL) {
      return -(exitValue - 128);
    }
    return exitValue;
  }

  /** Throws {@code t}, checked or not, from code that declares nothing (the frames' resume). */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
