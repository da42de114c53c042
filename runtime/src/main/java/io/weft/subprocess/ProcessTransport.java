package io.weft.subprocess;

import io.weft.Asyncio;
import io.weft.EventLoop;
import io.weft.ProcessLookupError;
import io.weft.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running child and its pipes: Python's {@code base_subprocess.BaseSubprocessTransport}. It
 * owns the {@link java.lang.Process}, one pipe transport per {@link Redirect#PIPE}d stream, the
 * return code and the futures of {@link Process#await()}.
 *
 * <pre>
 *  running ──exit reaches the loop──▶ exited (returncode set) ──every pipe ended──▶ finished
 *     └──────every pipe ended─────▶ (pipes done) ──exit reaches the loop──────────────┘
 * </pre>
 *
 * <p>The exit is seen with {@link java.lang.Process#onExit()}, wrapped as a loop future ({@link
 * Asyncio#wrapFuture}): the JDK's reaper thread completes it, the loop hears of it through
 * {@code callSoonThreadsafe}, and until then the loop counts an outside wait, so a virtual clock
 * follows real time while the child runs. "Finished" is Python's {@code _call_connection_lost}:
 * the protocol's {@code connectionLost(null)}, then every waiter of {@code await()} gets the
 * return code, on a later iteration.
 *
 * <p><b>Thread:</b> the loop's thread only.
 */
final class ProcessTransport {
  private static final System.Logger LOG = System.getLogger("io.weft.subprocess");

  final EventLoop loop;
  private final java.lang.Process proc;
  private final long pid;
  private final SubprocessStreamProtocol protocol;
  private final WritePipeTransport stdin;
  private final ReadPipeTransport stdout;
  private final ReadPipeTransport stderr;

  /** Which of fds 0, 1, 2 are pipes not yet ended. */
  private final boolean[] open = new boolean[3];

  private Integer returncode;
  private boolean finished;
  private final List<Future<Integer>> exitWaiters = new ArrayList<>();

  ProcessTransport(EventLoop loop, java.lang.Process proc, SubprocessOptions options) {
    this.loop = loop;
    this.proc = proc;
    this.pid = proc.pid();
    String name = "weft-subprocess-" + pid + "-";
    this.stdin = options.stdin() == Redirect.PIPE
        ? new WritePipeTransport(loop, this, proc.getOutputStream(), name + "stdin") : null;
    this.stdout = options.stdout() == Redirect.PIPE
        ? new ReadPipeTransport(loop, this, 1, proc.getInputStream(), name + "stdout") : null;
    this.stderr = options.stderr() == Redirect.PIPE
        ? new ReadPipeTransport(loop, this, 2, proc.getErrorStream(), name + "stderr") : null;
    open[0] = stdin != null;
    open[1] = stdout != null;
    open[2] = stderr != null;
    this.protocol = new SubprocessStreamProtocol(options.limit(), loop);
    protocol.connectionMade(this);
    if (stdout != null) {
      stdout.start();
    }
    if (stderr != null) {
      stderr.start();
    }
    Future<java.lang.Process> exit = Asyncio.wrapFuture(proc.onExit(), loop);
    exit.addDoneCallback(f -> processExited(SubprocessErrors.returncode(proc.exitValue())));
    if (loop.getDebug()) {
      LOG.log(System.Logger.Level.DEBUG, "process " + proc.info().command().orElse("?")
          + " created: pid " + pid);
    }
  }

  SubprocessStreamProtocol protocol() {
    return protocol;
  }

  long pid() {
    return pid;
  }

  Integer returncode() {
    return returncode;
  }

  /** Python's {@code get_pipe_transport(fd)}: the transport of fd 0, 1 or 2, or null. */
  Object pipeTransport(int fd) {
    switch (fd) {
      case 0:
        return stdin;
      case 1:
        return stdout;
      case 2:
        return stderr;
      default:
        return null;
    }
  }

  // ---------------------------------------------------------------- from the pipes

  void pipeDataReceived(int fd, byte[] data) {
    protocol.pipeDataReceived(fd, data);
  }

  void pipeConnectionLost(int fd, Throwable exc) {
    open[fd] = false;
    protocol.pipeConnectionLost(fd, exc);
    tryFinish();
  }

  void pipePauseWriting() {
    protocol.pauseWriting();
  }

  void pipeResumeWriting() {
    protocol.resumeWriting();
  }

  private void processExited(int code) {
    if (returncode != null) {
      return;
    }
    returncode = code;
    if (loop.getDebug()) {
      LOG.log(System.Logger.Level.DEBUG, this + " exited with return code " + code);
    }
    if (stdin != null) {
      stdin.processExited();
    }
    protocol.processExited();
    tryFinish();
  }

  private void tryFinish() {
    if (finished || returncode == null || open[0] || open[1] || open[2]) {
      return;
    }
    finished = true;
    loop.callSoon(this::callConnectionLost);
  }

  private void callConnectionLost() {
    try {
      protocol.connectionLost(null);
    } finally {
      for (Future<Integer> w : exitWaiters) {
        if (!w.done()) {
          w.setResult(returncode);
        }
      }
      exitWaiters.clear();
    }
  }

  // ---------------------------------------------------------------- for Process

  /** Registers a waiter for the end (exit and every pipe ended). */
  Future<Integer> addExitWaiter() {
    Future<Integer> w = loop.createFuture();
    exitWaiters.add(w);
    return w;
  }

  void removeExitWaiter(Future<Integer> w) {
    exitWaiters.remove(w);
  }

  /** Python's {@code send_signal}: a signal number, on Unix. */
  void sendSignal(int signal) {
    if (signal < 0 || signal > SubprocessErrors.MAX_SIGNAL) {
      throw new IllegalArgumentException("signal number " + signal + " out of range: give 1-"
          + SubprocessErrors.MAX_SIGNAL + " (SIGHUP is 1, SIGKILL 9, SIGTERM 15 on Linux)");
    }
    checkProc("sendSignal(" + signal + ")");
    if (returncode != null || !proc.isAlive()) {
      return; // exited, not yet reaped by the loop: Python ignores ProcessLookupError here
    }
    if (signal == 15) {
      proc.destroy();
      return;
    }
    if (signal == 9) {
      proc.destroyForcibly();
      return;
    }
    if (SubprocessErrors.WINDOWS) {
      throw new IllegalArgumentException("only SIGTERM (15) and SIGKILL (9) can be sent on"
          + " Windows, not " + signal + ": use terminate() or kill()");
    }
    killCommand(signal);
  }

  void terminate() {
    checkProc("terminate()");
    if (returncode == null && proc.isAlive()) {
      proc.destroy(); // SIGTERM on Unix, TerminateProcess on Windows
    }
  }

  void kill() {
    checkProc("kill()");
    if (returncode == null && proc.isAlive()) {
      proc.destroyForcibly(); // SIGKILL on Unix, TerminateProcess on Windows
    }
  }

  /** Python's {@code _check_proc}: the process is gone once the transport finished. */
  private void checkProc(String what) {
    if (finished) {
      throw new ProcessLookupError(what + ": process " + pid + " has exited with return code "
          + returncode + " and was waited for");
    }
  }

  /**
   * Sends a signal the JDK has no method for, with the shell's {@code kill} built-in, and waits
   * for it, so that signals arrive in the order they were sent (as Python's {@code os.kill}). This
   * blocks the loop for the few milliseconds a {@code sh} takes to start.
   */
  private void killCommand(int signal) {
    java.lang.Process k;
    try {
      k = new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " " + pid)
          .redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("could not run /bin/sh to send signal " + signal
          + " to process " + pid + ": " + e.getMessage(), e);
    }
    String output;
    int status;
    try {
      output = new String(k.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8).trim();
      if (!k.waitFor(10, TimeUnit.SECONDS)) {
        k.destroyForcibly();
        throw new IllegalStateException("sending signal " + signal + " to process " + pid
            + ": kill did not finish within 10 seconds");
      }
      status = k.exitValue();
    } catch (IOException e) {
      throw new IllegalStateException("sending signal " + signal + " to process " + pid + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending signal " + signal, e);
    }
    if (status != 0 && proc.isAlive()) {
      throw new IllegalStateException("sending signal " + signal + " to process " + pid
          + " failed: " + output);
    }
  }

  /** Returns {@code <ProcessTransport pid=123 running stdin=... stdout=...>}, as Python. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("<ProcessTransport pid=").append(pid);
    if (returncode != null) {
      s.append(" returncode=").append(returncode);
    } else {
      s.append(" running");
    }
    if (stdin != null) {
      s.append(" stdin=").append(stdin);
    }
    if (stdout != null) {
      s.append(" stdout=").append(stdout);
    }
    if (stderr != null) {
      s.append(" stderr=").append(stderr);
    }
    return s.append('>').toString();
  }
}
