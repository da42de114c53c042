package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loopback.*;
import static io.weft.subprocess.Redirect.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.BrokenPipeError;
import io.weft.CancelledError;
import io.weft.ConnectionResetError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.FileNotFoundError;
import io.weft.ProcessLookupError;
import io.weft.Task;
import io.weft.junit.WeftTest;
import io.weft.net.StreamReader;
import io.weft.subprocess.Process;
import io.weft.subprocess.SubprocessOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code asyncio.create_subprocess_exec} / {@code create_subprocess_shell} and {@code
 * asyncio.subprocess.Process}: CPython's test_subprocess.py SubprocessMixin, with {@code sh},
 * {@code cat}, {@code sleep}, {@code yes} and {@code head} as the children.
 *
 * <p>Every test runs on a virtual-time loop in debug mode (weft-junit): a child, a pipe thread or
 * a pending exit is an outside wait, so the clock follows real time while they run, and a test
 * whose loop could no longer be woken (an outside wait not counted) fails at once as a deadlock.
 * Every child that might outlive its test is killed in a {@code finally}; every wait on a child is
 * bounded by {@code waitFor}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessTest {
  /** Linux's signal numbers (Python's {@code signal.SIGKILL} and so on). */
  static final int SIGKILL = 9;

  static final int SIGUSR1 = 10;
  static final int SIGTERM = 15;

  static final SubprocessOptions DEFAULTS = SubprocessOptions.defaults();
  static final SubprocessOptions IN_OUT = DEFAULTS.withStdin(PIPE).withStdout(PIPE);

  static <T> T test(Supplier<Coro<T>> body) {
    return WeftTest.options().timeout(60).runTest(body);
  }

  static String s(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
  }

  @Coroutine
  static Coro<Process> shell(String cmd, SubprocessOptions options) {
    return done(await(createSubprocessShell(cmd, options)));
  }

  /** Kills a child that may still run, and waits for it: the finally of every long child. */
  @Coroutine
  static Coro<Void> reap(Process p) {
    if (p.returncode() == null) {
      p.kill();
    }
    await(waitFor(p.await(), 10));
    return done();
  }

  // ------------------------------------------------------------------ pipes

  @Coroutine
  static Coro<Void> catEcho() {
    Process p = await(createSubprocessExec("cat", List.of(), IN_OUT));
    p.stdin().write(b("some data"));
    await(p.stdin().drain());
    p.stdin().close();
    byte[] data = await(waitFor(p.stdout().read(), 10));
    int code = await(waitFor(p.await(), 10));
    assertEquals(0, code);
    assertEquals("some data", s(data));
    await(waitFor(p.stdin().waitClosed(), 10));
    return done();
  }

  /** test_subprocess.py test_stdin_stdout: bytes through cat, stdin to stdout. */
  @Test
  void catEchoesWhatIsWrittenToItsStdin() {
    test(SubprocessTest::catEcho);
  }

  @Coroutine
  static Coro<Void> communicateWithCat() {
    Process p = await(createSubprocessExec("cat", List.of(), IN_OUT));
    Process.Output out = await(waitFor(p.communicate(b("some data")), 10));
    assertEquals("some data", s(out.stdout()));
    assertNull(out.stderr(), "stderr is not piped");
    assertEquals(0, p.returncode());
    return done();
  }

  /** test_subprocess.py test_communicate. */
  @Test
  void communicateSendsTheInputAndReturnsTheOutput() {
    test(SubprocessTest::communicateWithCat);
  }

  @Coroutine
  static Coro<Void> separateStderr() {
    Process p = await(shell("echo out; echo err >&2; exit 3",
        DEFAULTS.withStdout(PIPE).withStderr(PIPE)));
    assertNull(p.stdin(), "stdin is inherited");
    Process.Output out = await(waitFor(p.communicate(), 10));
    assertEquals("out\n", s(out.stdout()));
    assertEquals("err\n", s(out.stderr()));
    assertEquals(3, p.returncode());
    return done();
  }

  /** stderr=PIPE: a reader of its own (test_subprocess.py test_stdin_not_inheritable's shape). */
  @Test
  void stderrIsReadApartFromStdout() {
    test(SubprocessTest::separateStderr);
  }

  @Coroutine
  static Coro<Void> mergedStderr() {
    Process p = await(shell("echo out; echo err >&2; echo out2",
        DEFAULTS.withStdout(PIPE).withStderr(STDOUT)));
    assertNull(p.stderr(), "stderr goes into the stdout pipe");
    byte[] all = await(waitFor(p.stdout().read(), 10));
    assertEquals("out\nerr\nout2\n", s(all));
    assertEquals(0, (int) await(waitFor(p.await(), 10)));
    return done();
  }

  /** stderr=STDOUT: one pipe for both, in the order the child wrote. */
  @Test
  void stderrMergedIntoStdoutKeepsTheOrderOfWrites() {
    test(SubprocessTest::mergedStderr);
  }

  @Coroutine
  static Coro<Void> devnulls() {
    Process in = await(shell("wc -c", DEFAULTS.withStdin(DEVNULL).withStdout(PIPE)));
    Process.Output out = await(waitFor(in.communicate(), 10));
    assertEquals("0", s(out.stdout()).trim(), "stdin=DEVNULL reads nothing");

    Process discarded = await(shell("cat; echo gone",
        DEFAULTS.withStdin(PIPE).withStdout(DEVNULL).withStderr(PIPE)));
    assertNull(discarded.stdout());
    Process.Output none = await(waitFor(discarded.communicate(b("abc")), 10));
    assertNull(none.stdout(), "stdout=DEVNULL: nothing to return");
    assertEquals("", s(none.stderr()));
    assertEquals(0, discarded.returncode());
    return done();
  }

  /** test_subprocess.py test_devnull_input, test_devnull_output, test_devnull_error. */
  @Test
  void devnullGivesAnEmptyStdinAndDiscardsOutput() {
    test(SubprocessTest::devnulls);
  }

  @Coroutine
  static Coro<Void> emptyInput() {
    Process p = await(shell("wc -c", IN_OUT));
    Process.Output out = await(waitFor(p.communicate(new byte[0]), 10));
    assertEquals("0", s(out.stdout()).trim());
    assertEquals(0, p.returncode());
    return done();
  }

  /** test_subprocess.py test_empty_input: stdin is closed even with nothing to send. */
  @Test
  void communicateWithEmptyInputClosesStdin() {
    test(SubprocessTest::emptyInput);
  }

  // ------------------------------------------------------------------ return codes, shell

  @Coroutine
  static Coro<Void> exitCodes() {
    for (int expected : new int[] {0, 1, 7}) {
      Process p = await(createSubprocessShell("exit " + expected));
      assertEquals(expected, (int) await(waitFor(p.await(), 10)), "exit " + expected);
      assertEquals(expected, p.returncode());
      assertEquals(expected, (int) await(p.await()), "await() again returns the same code");
    }
    Process exec = await(createSubprocessExec("sh", "-c", "exit 1"));
    assertEquals(1, (int) await(waitFor(exec.await(), 10)));
    return done();
  }

  /** test_subprocess.py test_shell ({@code exit 7}), and exit codes 0 and 1 through exec. */
  @Test
  void returncodeIsTheExitStatus() {
    test(SubprocessTest::exitCodes);
  }

  @Coroutine
  static Coro<Void> pipeline() {
    Process p = await(shell("printf 'a\\nb\\nc\\n' | wc -l", DEFAULTS.withStdout(PIPE)));
    Process.Output out = await(waitFor(p.communicate(), 10));
    assertEquals("3", s(out.stdout()).trim());
    assertEquals(0, p.returncode());
    return done();
  }

  /** A shell command line with a pipe runs through {@code /bin/sh -c}. */
  @Test
  void aShellCommandRunsAPipeline() {
    test(SubprocessTest::pipeline);
  }

  static Path realTmp() {
    try {
      return Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Coroutine
  static Coro<Void> cwdAndEnv() {
    Path tmp = realTmp();
    Process p = await(createSubprocessExec("/bin/sh", List.of("-c", "pwd; echo \"[$WEFT_X]\""),
        DEFAULTS.withStdout(PIPE).withCwd(tmp).withEnv(Map.of("WEFT_X", "42"))));
    Process.Output out = await(waitFor(p.communicate(), 10));
    assertEquals(tmp + "\n[42]\n", s(out.stdout()));
    return done();
  }

  /** cwd= and env= (the whole environment). */
  @Test
  void theChildRunsInTheGivenDirectoryWithTheGivenEnvironment() {
    test(SubprocessTest::cwdAndEnv);
  }

  // ------------------------------------------------------------------ signals

  @Coroutine
  static Coro<Void> terminateSleep() {
    Process p = await(createSubprocessExec("sleep", "60"));
    try {
      assertNull(p.returncode(), "running");
      p.terminate();
      assertEquals(-SIGTERM, (int) await(waitFor(p.await(), 10)));
    } finally {
      await(reap(p));
    }
    return done();
  }

  /** test_subprocess.py test_terminate. */
  @Test
  void terminateEndsTheChildWithSigterm() {
    test(SubprocessTest::terminateSleep);
  }

  @Coroutine
  static Coro<Void> killSleep() {
    Process p = await(createSubprocessExec("sleep", "60"));
    try {
      p.kill();
      assertEquals(-SIGKILL, (int) await(waitFor(p.await(), 10)));
    } finally {
      await(reap(p));
    }
    return done();
  }

  /** test_subprocess.py test_kill. */
  @Test
  void killEndsTheChildWithSigkill() {
    test(SubprocessTest::killSleep);
  }

  @Coroutine
  static Coro<Void> signalSleeper() {
    Process p = await(shell("echo sleeping; exec sleep 60", DEFAULTS.withStdout(PIPE)));
    try {
      // basic synchronisation: the child is about to sleep
      assertEquals("sleeping\n", s(await(waitFor(p.stdout().readline(), 10))));
      p.sendSignal(SIGUSR1);
      assertEquals(-SIGUSR1, (int) await(waitFor(p.await(), 10)));
    } finally {
      await(reap(p));
    }
    return done();
  }

  /**
   * test_subprocess.py test_send_signal, with SIGUSR1 where Python uses SIGHUP (a JVM started
   * under nohup passes an ignored SIGHUP on to its children).
   */
  @Test
  void sendSignalDeliversTheSignal() {
    test(SubprocessTest::signalSleeper);
  }

  @Coroutine
  static Coro<Void> signalsAfterTheEnd() {
    Process p = await(createSubprocessShell("exit 6"));
    assertEquals(6, (int) await(waitFor(p.await(), 10)));
    assertThrows(ProcessLookupError.class, () -> p.sendSignal(SIGTERM));
    assertThrows(ProcessLookupError.class, p::terminate);
    assertThrows(ProcessLookupError.class, p::kill);
    assertThrows(IllegalArgumentException.class, () -> p.sendSignal(-1));
    return done();
  }

  /** test_subprocess.py SubprocessTransportTests.test_proc_exited. */
  @Test
  void signalsToAProcessThatWasWaitedForRaiseProcessLookupError() {
    test(SubprocessTest::signalsAfterTheEnd);
  }

  // ------------------------------------------------------------------ flow control

  static final int BIG = 20 * 1024 * 1024;

  /** How many bytes a reader holds, from its {@code toString} (it has no other public view). */
  static long buffered(StreamReader r) {
    Matcher m = Pattern.compile("<StreamReader (\\d+) bytes").matcher(r.toString());
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  /** Waits until {@code r} has paused its pipe (its {@code toString} says so). */
  @Coroutine
  static Coro<Void> untilPaused(StreamReader r) {
    while (!r.toString().contains("paused")) {
      await(sleep(0.01));
    }
    return done();
  }

  @Coroutine
  static Coro<Void> twentyMegabytes() {
    // "abcdefghi\n" repeated: 20 MiB is exactly 2097152 lines
    Process p = await(shell("yes abcdefghi | head -c " + BIG, DEFAULTS.withStdout(PIPE)));
    try {
      StreamReader out = p.stdout();
      await(waitFor(untilPaused(out), 10)); // nobody reads: the reader fills and pauses
      await(sleep(0.3)); // real time, in which the child would write its 20 MiB if not held
      assertNull(p.returncode(), "the child is blocked on a full pipe: the pump paused");
      assertTrue(out.toString().contains("paused"), out.toString());
      long bound = 2L * StreamReader.DEFAULT_LIMIT + 512 * 1024;
      assertTrue(buffered(out) <= bound, "reader holds " + buffered(out) + " > " + bound);

      byte[] line = b("abcdefghi\n");
      long total = 0;
      long most = 0;
      while (true) {
        byte[] chunk = await(waitFor(out.read(65536), 10));
        if (chunk.length == 0) {
          break;
        }
        for (int i = 0; i < chunk.length; i++) {
          if (chunk[i] != line[(int) ((total + i) % 10)]) {
            fail("byte " + (total + i) + " differs");
          }
        }
        total += chunk.length;
        most = Math.max(most, buffered(out));
      }
      assertEquals(BIG, total);
      assertTrue(most <= bound, "reader held up to " + most + " bytes");
      assertEquals(0, (int) await(waitFor(p.await(), 10)));
    } finally {
      await(reap(p));
    }
    return done();
  }

  /**
   * test_subprocess.py test_pause_reading, at scale: a child writing 20 MiB is read fully and
   * byte-exact, and while nobody reads, the reader's pipe thread pauses and the child waits.
   */
  @Test
  void twentyMegabytesAreReadExactlyWhileTheReaderStaysBounded() {
    test(SubprocessTest::twentyMegabytes);
  }

  @Coroutine
  static Coro<Void> readAfterExit() {
    Process p = await(shell("yes x | head -c 262144; exit 1", DEFAULTS.withStdout(PIPE)));
    long total = 0;
    while (true) {
      byte[] data = await(waitFor(p.stdout().read(65536), 10));
      if (data.length == 0) {
        break;
      }
      total += data.length;
      await(sleep(0.05)); // let the child exit while bytes are still unread
    }
    assertEquals(262144, total);
    assertEquals(1, (int) await(waitFor(p.await(), 10)));
    return done();
  }

  /** test_subprocess.py test_read_stdout_after_process_exit. */
  @Test
  void stdoutIsReadToTheEndAfterTheChildExited() {
    test(SubprocessTest::readAfterExit);
  }

  @Coroutine
  static Coro<Void> bigInputThroughCat() {
    byte[] input = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < input.length; i++) {
      input[i] = (byte) (i * 31 + (i >> 11));
    }
    Process p = await(createSubprocessExec("cat", List.of(), IN_OUT));
    Process.Output out = await(waitFor(p.communicate(input), 30));
    assertTrue(Arrays.equals(input, out.stdout()), "cat returned other bytes");
    return done();
  }

  /** communicate() writes and reads at once: 3 MiB through cat cannot deadlock. */
  @Test
  void communicateMovesMegabytesBothWaysAtOnce() {
    test(SubprocessTest::bigInputThroughCat);
  }

  @Coroutine
  static Coro<Void> drainBoundsTheWriter() {
    Process p = await(createSubprocessExec("cat", List.of(), IN_OUT));
    try {
      byte[] block = new byte[16 * 1024];
      long most = 0;
      long echoed = 0;
      for (int i = 0; i < 64; i++) {
        p.stdin().write(block);
        most = Math.max(most, p.stdin().transport().getWriteBufferSize());
        await(waitFor(p.stdin().drain(), 10));
        // cat stops once its stdout is full: now and then, read what it echoed so far
        if (i % 8 == 7) {
          while (buffered(p.stdout()) > 0) {
            echoed += await(p.stdout().read(1 << 20)).length;
          }
        }
      }
      p.stdin().close();
      echoed += await(waitFor(p.stdout().read(), 10)).length;
      assertEquals(64 * block.length, echoed);
      assertTrue(most <= 64 * 1024 + block.length, "write buffer reached " + most);
      assertEquals(0, (int) await(waitFor(p.await(), 10)));
    } finally {
      await(reap(p));
    }
    return done();
  }

  /** StreamWriter.drain() on stdin keeps the buffer under the high-water mark plus one write. */
  @Test
  void drainOnStdinBoundsTheWriteBuffer() {
    test(SubprocessTest::drainBoundsTheWriter);
  }

  // ------------------------------------------------------------------ errors

  @Coroutine
  static Coro<Void> closedStdin() {
    // the child closes its stdin and keeps running: our writes fail with EPIPE
    Process p = await(shell("exec 0<&-; exec sleep 60", DEFAULTS.withStdin(PIPE)));
    try {
      p.stdin().write(new byte[1024 * 1024]);
      try {
        await(waitFor(p.stdin().drain(), 10));
        fail("drain() did not raise");
      } catch (Exception e) {
        assertInstanceOf(BrokenPipeError.class, e);
      }
      assertTrue(p.stdin().isClosing());
    } finally {
      await(reap(p));
    }
    return done();
  }

  /** test_subprocess.py test_stdin_broken_pipe, with a child that closed its stdin. */
  @Test
  void writingToAChildThatClosedItsStdinRaisesBrokenPipeError() {
    test(SubprocessTest::closedStdin);
  }

  @Coroutine
  static Coro<Void> writeAfterExit() {
    Process p = await(shell("exit 0", DEFAULTS.withStdin(PIPE)));
    assertEquals(0, (int) await(waitFor(p.await(), 10)));
    p.stdin().write(new byte[1024 * 1024]);
    try {
      await(waitFor(p.stdin().drain(), 10));
      fail("drain() did not raise");
    } catch (Exception e) {
      // Python: "drain() must raise BrokenPipeError or ConnectionResetError"
      assertTrue(e instanceof BrokenPipeError || e instanceof ConnectionResetError,
          e.toString());
    }
    return done();
  }

  /** test_subprocess.py test_stdin_broken_pipe: the child exited before its stdin was fed. */
  @Test
  void writingToTheStdinOfAnExitedChildRaises() {
    test(SubprocessTest::writeAfterExit);
  }

  @Coroutine
  static Coro<Void> communicateBrokenPipe() {
    Process p = await(shell("exit 0", DEFAULTS.withStdin(PIPE)));
    Process.Output out = await(waitFor(p.communicate(new byte[1024 * 1024]), 10));
    assertNull(out.stdout());
    assertEquals(0, p.returncode());
    return done();
  }

  /** test_subprocess.py test_communicate_ignore_broken_pipe. */
  @Test
  void communicateIgnoresAChildThatDoesNotReadItsInput() {
    test(SubprocessTest::communicateBrokenPipe);
  }

  @Coroutine
  static Coro<Void> missingProgram() {
    try {
      await(createSubprocessExec("/nonexistent/weft-no-such-program", "x"));
      fail("no error");
    } catch (FileNotFoundError e) { // unchecked: caught by name, as Python's except
      assertTrue(e.getMessage().contains("weft-no-such-program"), e.getMessage());
    }
    try {
      await(createSubprocessExec("sh", List.of("-c", "exit 0"),
          DEFAULTS.withCwd(Path.of("/nonexistent/weft-no-such-dir"))));
      fail("no error");
    } catch (FileNotFoundError e) {
      assertInstanceOf(IOException.class, e.getCause(), "the JDK's exception");
    }
    Process p = await(createSubprocessShell("/nonexistent/weft-no-such-program 2>/dev/null"));
    assertEquals(127, (int) await(waitFor(p.await(), 10)), "the shell's 'not found'");
    return done();
  }

  /** Python's FileNotFoundError from create_subprocess_exec; a shell reports 127 instead. */
  @Test
  void aProgramThatDoesNotExistRaisesFileNotFoundError() {
    test(SubprocessTest::missingProgram);
  }

  @Coroutine
  static Coro<Void> badArguments() {
    assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withStdin(STDOUT));
    assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withStdout(STDOUT));
    assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withLimit(0));
    assertThrows(NullPointerException.class, () -> DEFAULTS.withStderr(null));
    Process p = await(createSubprocessShell("exit 0"));
    try {
      await(p.communicate(b("x")));
      fail("no error");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("stdin=PIPE"), e.getMessage());
    }
    assertEquals(0, (int) await(waitFor(p.await(), 10)));
    return done();
  }

  /** Options are checked when made; communicate(input) needs stdin=PIPE. */
  @Test
  void badOptionsAndInputWithoutAStdinPipeAreRefused() {
    test(SubprocessTest::badArguments);
  }

  // ------------------------------------------------------------------ cancellation, time

  @Coroutine
  static Coro<Void> cancelWait() {
    Process p = await(createSubprocessExec("sleep", "60"));
    try {
      Task<Integer> waiting = createTask(p.await());
      await(sleep(0.01));
      waiting.cancel();
      try {
        await(waiting);
        fail("not cancelled");
      } catch (CancelledError expected) {
        // the task ends; the child goes on
      }
      assertNull(p.returncode(), "a cancelled await() leaves the child running");
      await(sleep(0.05));
      assertNull(p.returncode(), "still running");
      p.kill();
      assertEquals(-SIGKILL, (int) await(waitFor(p.await(), 10)), "await() works after");
    } finally {
      await(reap(p));
    }
    return done();
  }

  /** test_subprocess.py test_cancel_process_wait. */
  @Test
  void aCancelledAwaitLeavesTheChildRunning() {
    test(SubprocessTest::cancelWait);
  }

  @Coroutine
  static Coro<Void> cancelCommunicate() {
    Process p = await(shell("echo partial; exec sleep 60", IN_OUT));
    try {
      try {
        await(waitFor(p.communicate(b("x")), 0.3));
        fail("no timeout");
      } catch (io.weft.TimeoutError expected) {
        // communicate() was cancelled by the timeout
      }
      assertNull(p.returncode(), "the child runs on");
      assertEquals("partial\n", s(await(waitFor(p.stdout().readline(), 10))),
          "what communicate() had read is still in the reader");
    } finally {
      await(reap(p));
    }
    return done();
  }

  /** A cancelled communicate() leaves the child running and its output readable. */
  @Test
  void aCancelledCommunicateLeavesTheChildRunning() {
    test(SubprocessTest::cancelCommunicate);
  }

  @Coroutine
  static Coro<Void> realTimeWhileAChildRuns() {
    EventLoop loop = getRunningLoop();
    Task<Void> longSleep = createTask(sleep(10));
    double start = loop.time();
    Process p = await(createSubprocessExec("sleep", "0.2"));
    assertEquals(0, (int) await(waitFor(p.await(), 10)));
    double elapsed = loop.time() - start;
    // the virtual clock adds the time the loop spent waiting, and the child's 0.2 s are all
    // spent waiting; the margin is for the microseconds between two waits
    assertTrue(elapsed >= 0.199, "loop time " + elapsed + " < the child's 0.2 s");
    assertTrue(elapsed < 10, "the virtual clock jumped to the next timer: " + elapsed);
    assertFalse(longSleep.done(), "the 10 s sleep is not due");
    longSleep.cancel();
    try {
      await(longSleep);
    } catch (CancelledError expected) {
      // cancelled above
    }
    return done();
  }

  /** The virtual clock does not jump while a child runs: it is an outside wait of the loop. */
  @Test
  void theVirtualClockFollowsRealTimeWhileAChildRuns() {
    test(SubprocessTest::realTimeWhileAChildRuns);
  }

  @Coroutine
  static Coro<Void> processRepr() {
    Process p = await(createSubprocessShell("exit 0"));
    assertEquals("<Process " + p.pid() + ">", p.toString());
    assertTrue(p.pid() > 0);
    await(waitFor(p.await(), 10));
    return done();
  }

  /** test_subprocess.py test_subprocess_repr, for Process. */
  @Test
  void aProcessShowsItsPid() {
    test(SubprocessTest::processRepr);
  }
}
