package io.weft.subprocess;

import io.weft.Asyncio;
import io.weft.Awaitable;
import io.weft.Coro;
import io.weft.ProcessLookupError;
import io.weft.Future;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import io.weft.BrokenPipeError;
import io.weft.ConnectionResetError;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process started by {@link Subprocess#createSubprocessExec} or {@link
 * Subprocess#createSubprocessShell}: Python's {@code asyncio.subprocess.Process}. Its piped
 * streams are the {@link StreamWriter} and {@link StreamReader}s of {@code io.weft.net}, with the
 * same contracts as on a socket.
 *
 * <pre>{@code
 * Process p = await(createSubprocessExec("cat", List.of(),
 *     SubprocessOptions.defaults().withStdin(PIPE).withStdout(PIPE)));
 * Process.Output out = await(p.communicate("hello".getBytes()));  // out.stdout(): "hello"
 * int code = p.returncode();                                       // 0
 * }</pre>
 *
 * <p>Python's {@code wait()} is {@link #await()}: {@link Object#wait()} is final.
 *
 * <p><b>Deadlocks.</b> As in Python, a child whose stdout or stderr is a {@link Redirect#PIPE}
 * stops when it has written what the pipe and its reader hold (about twice the limit) until
 * someone reads: awaiting {@link #await()} without reading can wait forever. {@link
 * #communicate} reads and writes everything for you.
 *
 * <p><b>Lifetime.</b> The child is not tied to the loop or to the tasks awaiting it: cancelling
 * {@link #await()} or {@link #communicate} leaves it running (as in Python), and it outlives a
 * closed loop. Use {@link #kill()} or {@link #terminate()} in a {@code finally} when it must end.
 *
 * <p><b>Thread:</b> the loop's thread only, as every stream and transport.
 */
public final class Process {
  private final ProcessTransport transport;
  private final SubprocessStreamProtocol protocol;

  Process(ProcessTransport transport) {
    this.transport = transport;
    this.protocol = transport.protocol();
  }

  /**
   * Returns the child's process id. Python's {@code pid}.
   *
   * @return the pid
   */
  public long pid() {
    return transport.pid();
  }

  /**
   * Returns the writer of the child's stdin. Python's {@code stdin}: write, {@link
   * StreamWriter#drain() drain}, and {@link StreamWriter#close() close} it to send the child
   * EOF. A drain raises {@link BrokenPipeError} when the child closed its stdin while the drain
   * waited, or {@link ConnectionResetError} "Connection lost" once the pipe has ended (the child
   * exited or closed it).
   *
   * @return the writer; null unless stdin is {@link Redirect#PIPE}
   */
  public StreamWriter stdin() {
    return protocol.stdin;
  }

  /**
   * Returns the reader of the child's stdout. Python's {@code stdout}.
   *
   * @return the reader; null unless stdout is {@link Redirect#PIPE}
   */
  public StreamReader stdout() {
    return protocol.stdout;
  }

  /**
   * Returns the reader of the child's stderr. Python's {@code stderr}.
   *
   * @return the reader; null unless stderr is {@link Redirect#PIPE} (with {@link
   *     Redirect#STDOUT}, stderr is read from {@link #stdout()})
   */
  public StreamReader stderr() {
    return protocol.stderr;
  }

  /**
   * Returns the child's return code. Python's {@code returncode}: null while it runs (until its
   * exit has reached the loop), its exit status once it has exited, {@code -n} when it was killed
   * by signal {@code n} (Unix). The JDK reports a death by signal {@code n} as {@code 128 + n},
   * and so does a child that calls {@code exit(128 + n)} itself: Weft reports both as {@code -n}
   * (for {@code n} from 1 to 64).
   *
   * @return the return code, or null while the child runs
   */
  public Integer returncode() {
    return transport.returncode();
  }

  /**
   * Returns a coroutine that waits for the child to exit and returns its return code. Python's
   * {@code await process.wait()}; named {@code await} because {@link Object#wait()} is final.
   *
   * <p>As in Python 3.12: when the exit is already known it returns the code at once; otherwise it
   * returns once the child has exited <i>and</i> every pipe from it has ended (its readers have
   * seen EOF).
   *
   * <p><b>Suspends</b> until then. <b>Cancellation:</b> a cancellation point; cancelling the
   * waiting task leaves the child running, and later {@code await()}s work. <b>Deadlock:</b> see
   * the class comment: read piped output while waiting, or use {@link #communicate}.
   *
   * @return the coroutine; it evaluates to {@link #returncode()}
   */
  @SuppressWarnings("unchecked")
  public Coro<Integer> await() {
    return (Coro<Integer>) (Coro<?>) new Wait(transport);
  }

  /**
   * {@link #communicate(byte[])} with no input. Python's {@code communicate()}.
   *
   * @return the coroutine
   */
  public Coro<Output> communicate() {
    return communicate(null);
  }

  /**
   * Returns a coroutine that sends {@code input} to the child's stdin and closes it, reads its
   * stdout and stderr to EOF, waits for it to exit, and returns what it read. Python's {@code
   * await process.communicate(input)}. The three run concurrently (as tasks of a {@link
   * Asyncio#gather gather}), so a child that writes much while reading much cannot deadlock.
   *
   * <p>A child that exits or closes its stdin before reading all of {@code input} is not an
   * error: the {@link BrokenPipeError} or {@link ConnectionResetError} of stdin is ignored, as in
   * Python.
   *
   * <p><b>Suspends</b> until the child exits and its pipes end. <b>Cancellation:</b> a
   * cancellation point; cancelled, it stops feeding and reading (bytes not yet returned stay in
   * the readers) and leaves the child running.
   *
   * @param input the bytes for stdin, or null for none (stdin is still closed when piped); only
   *     allowed when stdin is {@link Redirect#PIPE}. Not kept after it is written.
   * @return the coroutine; it evaluates to the {@link Output}, whose arrays are null for a stream
   *     that is not piped
   * @throws IllegalArgumentException (when awaited) input is given but stdin is not piped
   */
  @SuppressWarnings("unchecked")
  public Coro<Output> communicate(byte[] input) {
    return (Coro<Output>) (Coro<?>) new Communicate(this, input);
  }

  /**
   * Sends signal {@code signal} to the child. Python's {@code send_signal(signal)}. SIGTERM (15)
   * and SIGKILL (9) go through {@link java.lang.Process#destroy()} and {@link
   * java.lang.Process#destroyForcibly()}; any other signal through the shell's {@code kill}
   * built-in ({@code /bin/sh -c "kill -<n> <pid>"}), which this call waits for, so it blocks the
   * loop for the few milliseconds a shell takes to start. Does nothing when the child has exited
   * and {@link #await()} has not yet seen it, as Python ignores {@code ProcessLookupError} then.
   *
   * @param signal the signal number, as in Python's {@code signal.SIGHUP} (1), {@code SIGINT}
   *     (2), {@code SIGKILL} (9), {@code SIGUSR1} (10), {@code SIGTERM} (15) on Linux
   * @throws ProcessLookupError when the process has exited and was waited for
   * @throws IllegalArgumentException when {@code signal} is not in 0..64, or on Windows for
   *     another signal than SIGTERM or SIGKILL
   * @throws IllegalStateException when {@code kill} could not be run or reported a failure
   */
  public void sendSignal(int signal) {
    transport.sendSignal(signal);
  }

  /**
   * Asks the child to stop: SIGTERM on Unix ({@link java.lang.Process#destroy()}),
   * TerminateProcess on Windows. Python's {@code terminate()}. Does not wait; {@link #await()}
   * then returns {@code -15} on Unix, unless the child handles the signal.
   *
   * @throws ProcessLookupError when the process has exited and was waited for
   */
  public void terminate() {
    transport.terminate();
  }

  /**
   * Kills the child: SIGKILL on Unix ({@link java.lang.Process#destroyForcibly()}),
   * TerminateProcess on Windows. Python's {@code kill()}. Does not wait; {@link #await()} then
   * returns {@code -9} on Unix.
   *
   * @throws ProcessLookupError when the process has exited and was waited for
   */
  public void kill() {
    transport.kill();
  }

  /** Returns {@code <Process 1234>}, as Python. */
  @Override
  public String toString() {
    return "<Process " + pid() + ">";
  }

  /**
   * What {@link #communicate} read: Python's {@code (stdout_data, stderr_data)} tuple.
   *
   * @param stdout the child's whole stdout, or null when stdout was not {@link Redirect#PIPE}d
   * @param stderr the child's whole stderr, or null when stderr was not {@link Redirect#PIPE}d
   */
  public record Output(byte[] stdout, byte[] stderr) {}

  // ---------------------------------------------------------------- the coroutines

  /**
   * {@link #await()}: Python's {@code _wait}.
   *
   * <pre>
   *  label 0  exited? return the code; else await a new exit waiter
   *  label 1  leave the waiters; return the code or re-raise
   * </pre>
   */
  private static final class Wait extends CoroFrame {
    private final ProcessTransport transport;
    private Future<Integer> waiter;

    Wait(ProcessTransport transport) {
      this.transport = transport;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          Integer code = transport.returncode();
          if (code != null) {
            return code;
          }
          waiter = transport.addExitWaiter();
          value = waiter;
          label = 1;
          return Frame.AWAIT;
        case 1:
          try {
            return resumeValue();
          } finally {
            transport.removeExitWaiter(waiter);
            waiter = null;
          }
        default:
          throw new IllegalStateException("await() resumed at unknown label " + label);
      }
    }

    @Override
    public StackTraceElement location() {
      return site(Process.class.getName(), "await", "Process.java", "");
    }
  }

  /**
   * {@link #communicate(byte[])}.
   *
   * <pre>
   *  label 0  gather(feed stdin, read stdout, read stderr) for the piped ones
   *  label 1  await the process
   *  label 2  return (stdout, stderr)
   * </pre>
   */
  private static final class Communicate extends CoroFrame {
    private final Process process;
    private byte[] input;
    private byte[] out;
    private byte[] err;

    Communicate(Process process, byte[] input) {
      this.process = process;
      this.input = input;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          Process p = process;
          if (input != null && p.stdin() == null) {
            throw new IllegalArgumentException("communicate(input) needs stdin=PIPE: start the"
                + " process with SubprocessOptions.withStdin(Redirect.PIPE)");
          }
          List<Awaitable<?>> parts = new ArrayList<>(3);
          parts.add(p.stdin() != null ? new FeedStdin(p.stdin(), input) : null);
          parts.add(p.stdout() != null ? p.stdout().read() : null);
          parts.add(p.stderr() != null ? p.stderr().read() : null);
          input = null;
          List<Awaitable<?>> present = new ArrayList<>(3);
          for (Awaitable<?> a : parts) {
            if (a != null) {
              present.add(a);
            }
          }
          value = Asyncio.gather(present);
          label = 1;
          return Frame.AWAIT;
        case 1:
          List<?> results = (List<?>) resumeValue();
          int i = process.stdin() != null ? 1 : 0;
          if (process.stdout() != null) {
            out = (byte[]) results.get(i++);
          }
          if (process.stderr() != null) {
            err = (byte[]) results.get(i);
          }
          value = process.await();
          label = 2;
          return Frame.AWAIT;
        case 2:
          resumeValue();
          return new Output(out, err);
        default:
          throw new IllegalStateException("communicate() resumed at unknown label " + label);
      }
    }

    @Override
    public StackTraceElement location() {
      return site(Process.class.getName(), "communicate", "Process.java", "");
    }
  }

  /**
   * Python's {@code _feed_stdin}: write the input, drain (a broken pipe is not an error here),
   * close stdin.
   *
   * <pre>
   *  label 0  write the input; await drain()
   *  label 1  ignore BrokenPipeError / ConnectionResetError; close; return
   * </pre>
   */
  private static final class FeedStdin extends CoroFrame {
    private final StreamWriter stdin;
    private byte[] input;

    FeedStdin(StreamWriter stdin, byte[] input) {
      this.stdin = stdin;
      this.input = input;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          if (input != null && !stdin.isClosing()) {
            stdin.write(input);
          }
          input = null;
          value = stdin.drain();
          label = 1;
          return Frame.AWAIT;
        case 1:
          try {
            resumeValue();
          } catch (Exception e) {
            if (!(e instanceof BrokenPipeError) && !(e instanceof ConnectionResetError)) {
              throw SubprocessErrors.sneaky(e);
            }
            // communicate() ignores a child that does not read all its input, as Python's
          }
          stdin.close();
          return null;
        default:
          throw new IllegalStateException("communicate() resumed at unknown label " + label);
      }
    }

    @Override
    public StackTraceElement location() {
      return site(Process.class.getName(), "communicate", "Process.java", "");
    }
  }
}
