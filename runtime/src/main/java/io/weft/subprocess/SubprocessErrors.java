package io.weft.subprocess;

import io.weft.BrokenPipeError;
import io.weft.FileNotFoundError;
import io.weft.OSError;
import io.weft.PermissionError;
import java.io.IOException;

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
   * Python raises {@code FileNotFoundError} (errno 2) and {@code PermissionError} (errno 13),
   * Weft's {@link FileNotFoundError} and {@link PermissionError}; anything else is an {@link
   * OSError}. The JDK's exception is the cause.
   */
  static OSError startFailure(IOException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("error=2,")) {
      return new FileNotFoundError(m + " (check the program name and the PATH, or give an"
          + " absolute path; with a working directory, check that it exists)", e);
    }
    if (m.contains("error=13,")) {
      return new PermissionError(m + " (is the program executable, and the working"
          + " directory readable?)", e);
    }
    return new OSError(m, e);
  }

  /**
   * Gives a pipe's write error Python's name: the JDK reports a write to a pipe whose reader
   * closed as "Broken pipe", and a write after the child exited (the JDK then closes the pipe
   * itself) as "Stream closed"; Python raises {@code BrokenPipeError} for both. Anything else is
   * an {@link OSError}.
   */
  static OSError writeFailure(IOException e) {
    String m = e.getMessage();
    if (m != null && (m.contains("Broken pipe") || m.contains("Stream closed"))) {
      return new BrokenPipeError(m + ": the child process closed its stdin or exited", e);
    }
    return new OSError(String.valueOf(m), e);
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
