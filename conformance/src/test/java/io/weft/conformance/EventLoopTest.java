package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Clock;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Handle;
import io.weft.Task;
import io.weft.TimerHandle;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event loop: scheduling order, handles, lifecycle, errors, debug mode, executors, I/O
 * callbacks and time. Translated from CPython's {@code test_base_events.py} and {@code
 * test_events.py}; each test names the CPython test it mirrors.
 */
class EventLoopTest extends VirtualLoopTest {
  final List<String> log = Collections.synchronizedList(new ArrayList<>());

  /** Records what the loop logs on the "io.weft" logger while it is open. */
  static final class LogCapture extends Handler implements AutoCloseable {
    final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Logger logger = Logger.getLogger("io.weft");

    LogCapture() {
      logger.addHandler(this);
    }

    List<String> messages(Level level) {
      List<String> out = new ArrayList<>();
      synchronized (records) {
        for (LogRecord r : records) {
          if (r.getLevel() == level) {
            out.add(r.getMessage());
          }
        }
      }
      return out;
    }

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }

  // ------------------------------------------------------------------ scheduling order

  /** test_base_events.py BaseEventLoopTests.test_call_soon */
  @Test
  void callSoonRunsInOrder() {
    loop.callSoon(() -> log.add("a"));
    loop.callSoon(() -> {
      log.add("b");
      loop.callSoon(() -> log.add("d (next pass)"));
    });
    loop.callSoon(() -> log.add("c"));
    runBriefly(loop);
    assertEquals(List.of("a", "b", "c"), log, "a callback scheduled while running waits a pass");
    runBriefly(loop);
    assertEquals(List.of("a", "b", "c", "d (next pass)"), log);
  }

  /** base_events.py _run_once: a call_soon issued before a call_later(0) runs first. */
  @Test
  void callSoonBeforeCallLaterZeroRunsFirst() {
    loop.callLater(0, () -> log.add("later(0)"));
    loop.callSoon(() -> log.add("soon"));
    runBriefly(loop);
    assertEquals(List.of("soon", "later(0)"), log,
        "due timers join the ready queue after the callbacks already in it");
  }

  /** test_base_events.py BaseEventLoopTests.test_call_later_negative_delays */
  @Test
  void negativeDelaysRunAtOnceInDeadlineOrder() {
    loop.callLater(-1, () -> log.add("a"));
    loop.callLater(-2, () -> log.add("b"));
    runBriefly(loop);
    assertEquals(List.of("b", "a"), log, "Python's behaviour: the past is due now, oldest first");
    assertEquals(0.0, loop.time());
  }

  /**
   * test_base_events.py BaseEventLoopTests.test_call_at; Weft fixes the order of equal deadlines
   * (Python leaves it undefined): scheduling order.
   */
  @Test
  void sameDeadlineRunsInSchedulingOrder() {
    for (int i = 0; i < 12; i++) {
      int n = i;
      loop.callAt(5, () -> log.add("t" + n));
    }
    loop.callAt(4, () -> log.add("earlier"));
    loop.callAt(6, loop::stop);
    loop.runForever();
    List<String> expected = new ArrayList<>();
    expected.add("earlier");
    for (int i = 0; i < 12; i++) {
      expected.add("t" + i);
    }
    assertEquals(expected, log);
    assertEquals(6.0, loop.time());
  }

  /** test_base_events.py BaseEventLoopTests.test_call_later (virtual time) */
  @Test
  void callLaterRunsAtItsTime() {
    double[] at = new double[1];
    TimerHandle h = loop.callLater(0.1, () -> at[0] = loop.time());
    assertEquals(0.1, h.when(), 1e-12);
    loop.callLater(0.2, loop::stop);
    loop.runForever();
    assertEquals(0.1, at[0], 1e-12);
  }

  /** test_base_events.py BaseEventLoopTests.test_call_later with a delay that is not a number */
  @Test
  void callLaterNan() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loop.callLater(Double.NaN, () -> {}));
    assertEquals("callLater: delay must be a number, got NaN", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> loop.callAt(Double.NaN, () -> {}));
    assertEquals("callAt: when must be a number, got NaN", e.getMessage());
  }

  // ------------------------------------------------------------------ handles

  /** test_events.py HandleTests.test_handle / test_base_events test_run_once_... cancelled */
  @Test
  void cancelledHandleDoesNotRun() {
    Handle h = loop.callSoon(() -> log.add("cancelled one"));
    loop.callSoon(() -> log.add("kept"));
    assertFalse(h.cancelled());
    h.cancel();
    assertTrue(h.cancelled());
    h.cancel(); // idempotent
    runBriefly(loop);
    assertEquals(List.of("kept"), log);
  }

  /** test_events.py TimerTests.test_timer / test_timer_cancel */
  @Test
  void cancelledTimerDoesNotRun() {
    TimerHandle h = loop.callLater(1, () -> log.add("cancelled"));
    loop.callLater(2, () -> log.add("kept"));
    h.cancel();
    assertTrue(h.cancelled());
    loop.callLater(3, loop::stop);
    loop.runForever();
    assertEquals(List.of("kept"), log);
  }

  /** test_events.py HandleTests: cancelling a handle from the callback before it in the pass */
  @Test
  void cancelFromAnEarlierCallbackInTheSamePass() {
    Handle[] later = new Handle[1];
    loop.callSoon(() -> later[0].cancel());
    later[0] = loop.callSoon(() -> log.add("should not run"));
    runBriefly(loop);
    assertEquals(List.of(), log);
  }

  // ------------------------------------------------------------------ threads

  /** test_events.py EventLoopTestsMixin.test_call_soon_threadsafe */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void callSoonThreadsafeOrdering() throws Exception {
    try (EventLoop real = new EventLoop()) {
      CountDownLatch posted = new CountDownLatch(1);
      Runnable callback = () -> {};
      Thread t = new Thread(() -> {
        real.callSoonThreadsafe(() -> {
          log.add("hello");
          if (log.size() >= 2) {
            real.stop();
          }
        });
        posted.countDown();
      });
      t.start();
      posted.await();
      real.callSoon(() -> {
        log.add("world");
        if (log.size() >= 2) {
          real.stop();
        }
      });
      real.runForever();
      t.join();
      assertEquals(List.of("hello", "world"), log);
    }
  }

  /** test_events.py EventLoopTestsMixin.test_call_soon_threadsafe_same_thread / waking select */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void callSoonThreadsafeWakesABlockedLoop() throws Exception {
    try (EventLoop real = new EventLoop()) {
      CountDownLatch running = new CountDownLatch(1);
      real.callSoon(running::countDown);
      Thread t = new Thread(() -> {
        try {
          running.await();
        } catch (InterruptedException e) {
          return;
        }
        // the loop has nothing to do: it is (or soon will be) blocked waiting for events
        real.callSoonThreadsafe(() -> {
          log.add("woken");
          real.stop();
        });
      });
      t.start();
      real.runForever();
      t.join();
      assertEquals(List.of("woken"), log);
    }
  }

  /** test_base_events.py BaseEventLoopTests.test_check_thread */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void debugModeRefusesCallsFromAnotherThread() throws Exception {
    loop.setDebug(true);
    AtomicReference<Throwable> seen = new AtomicReference<>();
    loop.callSoon(() -> {
      Thread t = new Thread(() -> {
        try {
          loop.callSoon(() -> {});
        } catch (Throwable e) {
          seen.set(e);
        }
      });
      t.start();
      try {
        t.join();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    runBriefly(loop);
    assertTrue(seen.get() instanceof IllegalStateException, String.valueOf(seen.get()));
    assertEquals("Non-thread-safe operation invoked on an event loop other than the current one",
        seen.get().getMessage());

    // without debug mode the check is skipped, as in Python
    loop.setDebug(false);
    seen.set(null);
    loop.callSoon(() -> {
      Thread t = new Thread(() -> {
        try {
          loop.callLater(100, () -> {}).cancel();
        } catch (Throwable e) {
          seen.set(e);
        }
      });
      t.start();
      try {
        t.join();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    runBriefly(loop);
    assertNull(seen.get());
  }

  // ------------------------------------------------------------------ lifecycle

  /** test_base_events.py BaseEventLoopTests.test_run_forever_pre_stopped */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void runForeverPreStopped() {
    try (EventLoop real = new EventLoop()) {
      real.callLater(3600, () -> log.add("timer"));
      real.callSoon(() -> log.add("ready"));
      real.stop();
      real.runForever(); // one pass, with a zero timeout: it does not wait for the timer
      assertEquals(List.of("ready"), log);
      assertFalse(real.isRunning());
    }
  }

  /** test_base_events.py BaseEventLoopTests.test_run_once / test_utils.run_once idiom */
  @Test
  void stopCompletesTheCurrentPass() {
    loop.callSoon(() -> {
      log.add("a");
      loop.stop();
    });
    loop.callSoon(() -> log.add("b (same pass)"));
    loop.runForever();
    assertEquals(List.of("a", "b (same pass)"), log);
    assertFalse(loop.isRunning());
  }

  /** test_base_events.py BaseEventLoopTests.test_close */
  @Test
  void close() {
    assertFalse(loop.isClosed());
    loop.close();
    assertTrue(loop.isClosed());
    loop.close(); // more than once
    loop.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, loop::runForever);
    assertEquals("Event loop is closed", e.getMessage());
    assertEquals("Event loop is closed",
        assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> {})).getMessage());
    assertEquals("Event loop is closed",
        assertThrows(IllegalStateException.class, () -> loop.callLater(1, () -> {})).getMessage());
    assertEquals("Event loop is closed", assertThrows(IllegalStateException.class,
        () -> loop.callSoonThreadsafe(() -> {})).getMessage());
    Future<Void> f = new Future<>(loop);
    assertEquals("Event loop is closed",
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(f)).getMessage());
    assertEquals("Event loop is closed",
        assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, () -> 1))
            .getMessage());
  }

  @Coroutine
  static Coro<Void> reenter(EventLoop loop, List<String> log) {
    try {
      loop.runForever();
    } catch (IllegalStateException e) {
      log.add(e.getMessage());
    }
    try {
      loop.close();
    } catch (IllegalStateException e) {
      log.add(e.getMessage());
    }
    try (EventLoop other = new EventLoop(Clock.virtual())) {
      other.runForever();
    } catch (IllegalStateException e) {
      log.add(e.getMessage());
    }
    return done();
  }

  /** test_base_events.py BaseEventLoopTests.test_run_forever_... already running / nested */
  @Test
  void runningLoopRefusesRunAndClose() {
    loop.runUntilComplete(reenter(loop, log));
    assertEquals(List.of("This event loop is already running",
        "Cannot close a running event loop",
        "Cannot run the event loop while another loop is running"), log);
  }

  /** test_base_events.py BaseEventLoopTests.test_run_until_complete_loop_orphan_future... */
  @Test
  void runUntilCompleteStoppedBeforeFutureCompleted() {
    Future<Void> f = loop.createFuture();
    loop.callSoon(loop::stop);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(f));
    assertEquals("Event loop stopped before Future completed.", e.getMessage());
  }

  @Coroutine
  static Coro<Void> raiseKeyboardInterrupt() {
    throw new io.weft.KeyboardInterrupt();
  }

  /**
   * test_base_events.py BaseEventLoopTests.test_run_until_complete_baseexception (Python issue
   * #22429): a KeyboardInterrupt leaves run_until_complete without leaving a pending stop().
   */
  @Test
  void runUntilCompleteBaseException() {
    assertThrows(io.weft.KeyboardInterrupt.class,
        () -> loop.runUntilComplete(raiseKeyboardInterrupt()));
    boolean[] called = {false};
    loop.callSoon(() -> loop.callSoon(() -> {
      loop.stop();
      called[0] = true;
    }));
    loop.runForever();
    assertTrue(called[0], "the loop ran until this stop(), not an earlier stale one");
  }

  /**
   * test_base_events.py BaseEventLoopTests.test_run_forever_keyboard_interrupt (Python issue
   * #22601): the task run_until_complete made consumed the KeyboardInterrupt: nothing is logged.
   */
  @Test
  void runForeverKeyboardInterruptIsNotReported() {
    List<Map<String, Object>> contexts = new ArrayList<>();
    loop.setExceptionHandler((l, ctx) -> contexts.add(ctx));
    assertThrows(io.weft.KeyboardInterrupt.class,
        () -> loop.runUntilComplete(raiseKeyboardInterrupt()));
    runBriefly(loop);
    assertEquals(List.of(), contexts);
  }

  /** base_events.py Handle._run: KeyboardInterrupt in a callback leaves the loop, unreported. */
  @Test
  void keyboardInterruptInACallbackLeavesTheLoop() {
    List<Map<String, Object>> contexts = new ArrayList<>();
    loop.setExceptionHandler((l, ctx) -> contexts.add(ctx));
    loop.callSoon(() -> {
      throw new io.weft.KeyboardInterrupt();
    });
    assertThrows(io.weft.KeyboardInterrupt.class, loop::runForever);
    assertFalse(loop.isRunning());
    assertEquals(List.of(), contexts);
  }

  // ------------------------------------------------------------------ exception handler

  /** test_base_events.py BaseEventLoopTests.test_set_exc_handler_custom */
  @Test
  void customExceptionHandlerGetsCallbackErrors() {
    List<Map<String, Object>> contexts = new ArrayList<>();
    loop.setExceptionHandler((l, ctx) -> contexts.add(ctx));
    assertNotNull(loop.getExceptionHandler());
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    Handle h = loop.callSoon(() -> {
      throw boom;
    });
    loop.callSoon(() -> log.add("next callback still runs"));
    runBriefly(loop);
    assertEquals(1, contexts.size());
    Map<String, Object> ctx = contexts.get(0);
    assertTrue(((String) ctx.get("message")).startsWith("Exception in callback "),
        (String) ctx.get("message"));
    assertSame(boom, ctx.get("exception"));
    assertSame(h, ctx.get("handle"));
    assertEquals(List.of("next callback still runs"), log);
    loop.setExceptionHandler(null);
    assertNull(loop.getExceptionHandler());
  }

  /** test_base_events.py BaseEventLoopTests.test_default_exc_handler_callback */
  @Test
  void defaultExceptionHandlerLogs() {
    try (LogCapture capture = new LogCapture()) {
      loop.callSoon(() -> {
        throw new IllegalArgumentException("boom");
      });
      runBriefly(loop);
      List<String> errors = capture.messages(Level.SEVERE);
      assertEquals(1, errors.size(), errors.toString());
      assertTrue(errors.get(0).startsWith("Exception in callback "), errors.get(0));
      assertTrue(errors.get(0).contains("\nhandle: "), errors.get(0));
      assertEquals("boom", capture.records.get(0).getThrown().getMessage());
    }
  }

  /** test_base_events.py BaseEventLoopTests.test_set_exc_handler_broken */
  @Test
  void brokenExceptionHandlerFallsBackToTheDefault() {
    try (LogCapture capture = new LogCapture()) {
      loop.setExceptionHandler((l, ctx) -> {
        throw new IllegalStateException("handler broke");
      });
      loop.callSoon(() -> {
        throw new IllegalArgumentException("boom");
      });
      runBriefly(loop);
      List<String> errors = capture.messages(Level.SEVERE);
      assertEquals(1, errors.size(), errors.toString());
      assertTrue(errors.get(0).startsWith("Unhandled error in exception handler"), errors.get(0));
      assertTrue(errors.get(0).contains("context: "), errors.get(0));
    }
  }

  // ------------------------------------------------------------------ debug

  @Coroutine
  static Coro<Void> stopLoopCoro(EventLoop loop) {
    loop.stop();
    return done();
  }

  /** test_base_events.py BaseEventLoopTests.test_log_slow_callbacks */
  @Test
  void logSlowCallbacks() {
    try (LogCapture capture = new LogCapture()) {
      loop.setDebug(true);
      loop.setSlowCallbackDuration(0.0); // every callback counts as slow
      loop.callSoon(loop::stop);
      loop.runForever();
      List<String> warnings = capture.messages(Level.WARNING);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).matches("Executing Handle\\(lambda in EventLoopTest created at"
          + " io\\.weft\\.conformance\\.EventLoopTest\\.logSlowCallbacks"
          + "\\(EventLoopTest\\.java:\\d+\\)\\) took \\d+\\.\\d{3} seconds"), warnings.get(0));

      ensureFuture(stopLoopCoro(loop), loop);
      loop.runForever();
      warnings = capture.messages(Level.WARNING);
      assertEquals(2, warnings.size(), warnings.toString());
      assertTrue(warnings.get(1).matches(
          "Executing <Task .*stopLoopCoro.*> took \\d+\\.\\d{3} seconds \\(started at"
              + " io\\.weft\\.conformance\\.EventLoopTest\\.stopLoopCoro"
              + "\\(EventLoopTest\\.java:\\d+\\), ran to its end\\)"), warnings.get(1));
    }
    assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(-1));
  }

  /** test_base_events.py: no slow-callback log outside debug mode */
  @Test
  void noSlowCallbackLogWithoutDebug() {
    try (LogCapture capture = new LogCapture()) {
      loop.setSlowCallbackDuration(0.0);
      runBriefly(loop);
      assertEquals(List.of(), capture.messages(Level.WARNING));
    }
  }

  // ------------------------------------------------------------------ executors

  @Coroutine
  static Coro<String> inExecutor(EventLoop loop, ExecutorService given) {
    String a = await(loop.runInExecutor(null, () -> Thread.currentThread().getName()));
    String b = await(loop.runInExecutor(given, () -> Thread.currentThread().getName()));
    return done(a + "|" + b);
  }

  /** test_base_events.py BaseEventLoopTests.test_run_in_executor (default and given executor) */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void runInExecutor() {
    ExecutorService given = Executors.newSingleThreadExecutor(r -> new Thread(r, "given-pool"));
    try {
      String[] names = loop.runUntilComplete(inExecutor(loop, given)).split("\\|");
      assertTrue(names[0].startsWith("weft-executor-"), names[0]);
      assertEquals("given-pool", names[1]);
    } finally {
      given.shutdownNow();
    }
  }

  @Coroutine
  static Coro<Integer> failingJob(EventLoop loop) {
    try {
      await(loop.runInExecutor(null, () -> {
        throw new java.io.IOException("disk");
      }));
    } catch (Exception e) { // javac cannot see that await rethrows the job's IOException
      return done(e instanceof java.io.IOException && e.getMessage().equals("disk") ? 1 : -1);
    }
    return done(0);
  }

  /** test_base_events.py: run_in_executor re-raises the job's exception in the awaiting task */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void runInExecutorException() {
    assertEquals(1, loop.runUntilComplete(failingJob(loop)));
  }

  /** test_base_events.py BaseEventLoopTests.test_set_default_executor */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void setDefaultExecutor() {
    ExecutorService mine = Executors.newSingleThreadExecutor(r -> new Thread(r, "mine"));
    loop.setDefaultExecutor(mine);
    assertEquals("mine",
        loop.runUntilComplete(loop.runInExecutor(null, () -> Thread.currentThread().getName())));
    loop.runUntilComplete(loop.shutdownDefaultExecutor());
    assertTrue(mine.isTerminated(), "shutdown_default_executor waits for the threads");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> loop.runInExecutor(null, () -> 1));
    assertEquals("Executor shutdown has been called", e.getMessage());
  }

  /** test_base_events.py BaseEventLoopTests.test_shutdown_default_executor (never created) */
  @Test
  void shutdownDefaultExecutorWithoutOne() {
    Future<Void> f = loop.shutdownDefaultExecutor();
    assertTrue(f.done());
    assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, () -> 1));
  }

  // ------------------------------------------------------------------ time

  /** test_base_events.py BaseEventLoopTests.test_time / utils.TestLoop virtual time */
  @Test
  void virtualTimeStandsStillWhileCallbacksRunAndJumpsWhenIdle() {
    List<Double> times = new ArrayList<>();
    loop.callSoon(() -> {
      times.add(loop.time());
      long until = System.nanoTime() + 20_000_000;
      while (System.nanoTime() < until) {
        Thread.onSpinWait(); // real time passes; virtual time does not
      }
      times.add(loop.time());
    });
    loop.callLater(3600, () -> times.add(loop.time()));
    loop.callLater(7200, loop::stop);
    loop.runForever();
    assertEquals(List.of(0.0, 0.0, 3600.0), times);
    assertEquals(7200.0, loop.time());
  }

  /** test_base_events.py BaseEventLoopTests.test_time on the system clock: monotonic */
  @Test
  void systemTimeIsMonotonic() {
    try (EventLoop real = new EventLoop()) {
      double a = real.time();
      double b = real.time();
      assertTrue(b >= a);
    }
  }

  // ------------------------------------------------------------------ I/O callbacks

  /** test_events.py EventLoopTestsMixin.test_add_reader / test_remove_reader, with a Pipe */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void addReaderWithPipe() throws Exception {
    try (EventLoop real = new EventLoop()) {
      Pipe pipe = Pipe.open();
      ByteBuffer buf = ByteBuffer.allocate(16);
      StringBuilder got = new StringBuilder();
      real.addReader(pipe.source(), () -> {
        try {
          buf.clear();
          int n = pipe.source().read(buf);
          got.append(new String(buf.array(), 0, Math.max(n, 0)));
          if (got.length() >= 5) {
            real.stop();
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      real.callSoon(() -> {
        try {
          pipe.sink().write(ByteBuffer.wrap("hel".getBytes()));
          pipe.sink().write(ByteBuffer.wrap("lo".getBytes()));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      real.runForever();
      assertEquals("hello", got.toString());
      assertTrue(real.removeReader(pipe.source()));
      assertFalse(real.removeReader(pipe.source()), "nothing left to remove");
      pipe.sink().close();
      pipe.source().close();
    }
  }

  /** test_events.py EventLoopTestsMixin.test_add_writer, over a loopback socket pair */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void addWriterWithLoopbackSockets() throws Exception {
    try (EventLoop real = new EventLoop();
        ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
          SocketChannel accepted = server.accept()) {
        int[] writes = {0};
        real.addWriter(client, () -> {
          try {
            client.write(ByteBuffer.wrap(new byte[] {(byte) writes[0]}));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          if (++writes[0] == 3) {
            assertTrue(real.removeWriter(client));
            real.stop();
          }
        });
        real.runForever();
        assertEquals(3, writes[0]);
        accepted.configureBlocking(true);
        ByteBuffer in = ByteBuffer.allocate(3);
        while (in.hasRemaining()) {
          accepted.read(in);
        }
        assertArrayEquals(new byte[] {0, 1, 2}, in.array());
        assertFalse(real.removeWriter(client));
      }
    }
  }
}
