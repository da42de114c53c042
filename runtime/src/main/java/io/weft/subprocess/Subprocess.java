package io.weft.subprocess;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.internal.CoroFrame;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Python's {@code asyncio.subprocess} module functions: start a child process whose piped
 * streams are coroutine streams. {@link Asyncio#createSubprocessExec} and {@link
 * Asyncio#createSubprocessShell} re-export them, as Python's {@code asyncio} does.
 *
 * <pre>{@code
 * import static io.weft.Asyncio.*;
 * import static io.weft.subprocess.Redirect.*;
 *
 * Process p = await(createSubprocessShell("ls -l | wc -l",
 *     SubprocessOptions.defaults().withStdout(PIPE)));
 * byte[] out = await(p.stdout().read());
 * int code = await(p.await());
 * }</pre>
 *
 * <h2>How the pipes are served</h2>
 *
 * The JDK gives a child's pipes as blocking streams, not selectable channels, so each piped
 * stream has a daemon thread of its own that talks to the loop with {@link
 * EventLoop#callSoonThreadsafe}: a reader per output that pauses when the {@link
 * io.weft.net.StreamReader} is full, a writer for stdin that reports progress so that {@link
 * io.weft.net.StreamWriter#drain()} honours the write buffer's water marks. The loop never
 * blocks on a pipe. While a child runs or a pipe thread lives, the loop counts an outside wait,
 * so a virtual clock follows real time instead of jumping. See docs/subprocess.md.
 */
public final class Subprocess {
  private Subprocess() {}

  /**
   * Returns a coroutine that starts {@code program} with {@code args} and returns the {@link
   * Process}. Python's {@code await asyncio.create_subprocess_exec(program, *args, stdin=...,
   * stdout=..., stderr=..., limit=..., cwd=..., env=...)}. The program is looked up on the PATH
   * when it has no {@code /}.
   *
   * <p><b>Does not suspend:</b> the child is started on the loop's thread (as Python's {@code
   * Popen}), which takes the milliseconds of a {@code fork}/{@code exec}. <b>Raises</b> (when
   * awaited, unchecked through {@code await}) {@link io.weft.FileNotFoundError} when the
   * program or the working directory does not exist (Python's {@code FileNotFoundError}), {@link
   * io.weft.PermissionError} when it may not be run (Python's {@code
   * PermissionError}), otherwise the JDK's {@link IOException}.
   *
   * @param program the program. Not null.
   * @param args its arguments. Not null, no null element.
   * @param options the redirections, limit, working directory and environment. Not null.
   * @return the coroutine; it evaluates to the started process
   */
  @SuppressWarnings("unchecked")
  public static Coro<Process> createSubprocessExec(String program, List<String> args,
      SubprocessOptions options) {
    Objects.requireNonNull(program, "program: give the program to run");
    Objects.requireNonNull(args, "args: give the arguments (List.of() for none)");
    Objects.requireNonNull(options, "options: give SubprocessOptions.defaults() for Python's");
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add(program);
    for (String a : args) {
      command.add(Objects.requireNonNull(a, "args: an argument is null"));
    }
    return (Coro<Process>) (Coro<?>) new Create(command, options);
  }

  /**
   * Returns a coroutine that runs {@code cmd} with the system shell ({@code /bin/sh -c cmd};
   * {@code cmd.exe /c cmd} on Windows) and returns the {@link Process}. Python's {@code await
   * asyncio.create_subprocess_shell(cmd, ...)}. As in Python, quoting the command is the
   * caller's job: never pass it text from outside unquoted.
   *
   * <p>Raises as {@link #createSubprocessExec}; a command the shell does not find is not an
   * error here but a return code of 127.
   *
   * @param cmd the command line. Not null.
   * @param options the redirections, limit, working directory and environment. Not null.
   * @return the coroutine; it evaluates to the started process (the shell)
   */
  @SuppressWarnings("unchecked")
  public static Coro<Process> createSubprocessShell(String cmd, SubprocessOptions options) {
    Objects.requireNonNull(cmd, "cmd: give the command line");
    Objects.requireNonNull(options, "options: give SubprocessOptions.defaults() for Python's");
    List<String> command = SubprocessErrors.WINDOWS
        ? List.of("cmd.exe", "/c", cmd) : List.of("/bin/sh", "-c", cmd);
    return (Coro<Process>) (Coro<?>) new Create(command, options);
  }

  /** Makes the {@link ProcessBuilder} that {@code options} describe. */
  static ProcessBuilder builder(List<String> command, SubprocessOptions options) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectInput(switch (options.stdin()) {
      case PIPE -> ProcessBuilder.Redirect.PIPE;
      case DEVNULL -> ProcessBuilder.Redirect.from(
          new File(SubprocessErrors.WINDOWS ? "NUL" : "/dev/null"));
      default -> ProcessBuilder.Redirect.INHERIT;
    });
    pb.redirectOutput(redirectOut(options.stdout()));
    if (options.stderr() == Redirect.STDOUT) {
      pb.redirectErrorStream(true);
    } else {
      pb.redirectError(redirectOut(options.stderr()));
    }
    if (options.cwd() != null) {
      pb.directory(options.cwd().toFile());
    }
    if (options.env() != null) {
      pb.environment().clear();
      pb.environment().putAll(options.env());
    }
    return pb;
  }

  private static ProcessBuilder.Redirect redirectOut(Redirect r) {
    switch (r) {
      case PIPE:
        return ProcessBuilder.Redirect.PIPE;
      case DEVNULL:
        return ProcessBuilder.Redirect.DISCARD;
      default:
        return ProcessBuilder.Redirect.INHERIT;
    }
  }

  /**
   * The creation: Python's {@code subprocess_exec} / {@code subprocess_shell} and the {@code
   * Process} around the transport. One step: start the child, wire its pipes, return.
   */
  private static final class Create extends CoroFrame {
    private final List<String> command;
    private final SubprocessOptions options;

    Create(List<String> command, SubprocessOptions options) {
      this.command = command;
      this.options = options;
    }

    @Override
    protected Object resume() {
      if (label != 0) {
        throw new IllegalStateException("createSubprocess resumed at unknown label " + label);
      }
      resumeValue();
      EventLoop loop = Asyncio.getRunningLoop();
      java.lang.Process proc;
      try {
        proc = builder(command, options).start();
      } catch (IOException e) {
        throw SubprocessErrors.sneaky(SubprocessErrors.startFailure(e));
      }
      try {
        return new Process(new ProcessTransport(loop, proc, options));
      } catch (RuntimeException | Error e) {
        proc.destroyForcibly(); // Python: "Exception during subprocess creation, kill the subprocess"
        throw e;
      }
    }

    @Override
    public StackTraceElement location() {
      return site(Subprocess.class.getName(), "createSubprocess", "Subprocess.java", "");
    }
  }
}
