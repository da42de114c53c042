package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.TimeoutError;
import io.weft.junit.CoroutineTest;
import io.weft.net.Server;
import io.weft.net.Streams;
import io.weft.sync.Lock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The snippets of docs/guide.md, as they are written there, run: a guide whose code does not
 * compile or does not do what the text says fails here.
 */
class GuideTest {

  // ------------------------------------------------------------------ 1. A coroutine

  @Coroutine
  static Coro<String> greet(String name) {
    await(sleep(1.0)); // Python: await asyncio.sleep(1.0)
    return done("hello, " + name); // Python: return "hello, " + name
  }

  @Test
  void aCoroutineRunsToItsResult() {
    assertEquals("hello, world", run(greet("world"), null, Loops::virtual));
  }

  // ------------------------------------------------------------------ 2. Tasks

  @Coroutine
  static Coro<List<String>> both() {
    Task<String> a = createTask(greet("Bob"));
    Task<String> b = createTask(greet("Alice"));
    List<String> results = await(gather(List.of(a, b))); // about 1 s in all, not 2
    return done(results);
  }

  @Test
  void twoTasksSleepAtOnce() {
    EventLoop loop = Loops.virtual();
    assertEquals(List.of("hello, Bob", "hello, Alice"), loop.runUntilComplete(both()));
    assertEquals(1.0, loop.time(), 1e-9, "1 s in all, not 2");
    loop.close();
  }

  // ------------------------------------------------------------------ 3. Cancellation

  @Coroutine
  static Coro<Void> worker(List<String> log) {
    try {
      await(sleep(3600));
    } finally {
      log.add("cleaned up"); // runs when the task is cancelled
    }
    return done();
  }

  @Test
  void cancellingATaskRunsItsFinallyBlock() {
    EventLoop loop = Loops.virtual();
    List<String> log = new ArrayList<>();
    Task<Void> t = loop.createTask(worker(log));
    Loops.runBriefly(loop);
    t.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertEquals(List.of("cleaned up"), log);
    loop.close();
  }

  // ------------------------------------------------------------------ 4. Timeouts

  @Coroutine
  static Coro<String> withDeadline() {
    try {
      return done(await(timeout(0.5).run(greet("slow")))); // async with asyncio.timeout(0.5)
    } catch (TimeoutError e) {
      return done("gave up");
    }
  }

  @Test
  void theDeadlineTurnsIntoTimeoutError() {
    assertEquals("gave up", run(withDeadline(), null, Loops::virtual));
  }

  // ------------------------------------------------------------------ 5. Locks

  @Coroutine
  static Coro<Void> moveMoney(int[] balance) {
    int read = balance[0];
    await(sleep(0)); // another task runs here, and waits for the lock
    balance[0] = read + 1;
    return done();
  }

  @Coroutine
  static Coro<Void> transfer(Lock lock, int[] balance) {
    await(lock.run(moveMoney(balance))); // async with lock: await move_money(balance)
    return done();
  }

  @Coroutine
  static Coro<Integer> hundredTransfers() {
    Lock lock = new Lock();
    int[] balance = {0};
    List<Task<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      tasks.add(createTask(transfer(lock, balance)));
    }
    await(gather(tasks));
    return done(balance[0]);
  }

  @Test
  void theLockKeepsEveryUpdate() {
    assertEquals(100, run(hundredTransfers(), null, Loops::virtual));
  }

  // ------------------------------------------------------------------ 6. Streams

  @Coroutine
  static Coro<Server> echoServer() {
    Server server = await(startServer((reader, writer) -> {
      for (var it = reader; await(it.hasNext()); ) { // async for line in reader:
        writer.write(it.next());
        await(writer.drain()); // flow control: waits for the peer
      }
      writer.close();
      return done();
    }, "127.0.0.1", 0));
    return done(server);
  }

  @Coroutine
  static Coro<String> echoOnce() {
    Server server = await(echoServer());
    try {
      int port = server.sockets().get(0).getsockname().getPort();
      Streams s = await(waitFor(openConnection("127.0.0.1", port), 10));
      s.writer().write("ping\n".getBytes(StandardCharsets.UTF_8));
      byte[] line = await(waitFor(s.reader().readline(), 10));
      s.writer().close();
      await(waitFor(s.writer().waitClosed(), 10));
      return done(new String(line, StandardCharsets.UTF_8));
    } finally {
      server.close();
      await(waitFor(server.waitClosed(), 10));
    }
  }

  @Test
  void theEchoServerEchoesALine() {
    assertEquals("ping\n", run(echoOnce()));
  }

  // ------------------------------------------------------------------ 9. Testing

  @CoroutineTest
  @Coroutine
  Coro<Void> anHourOfSleeps() {
    await(sleep(3600));
    return done();
  }
}
