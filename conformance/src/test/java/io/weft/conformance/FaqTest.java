package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snippets of docs/faq.md, as they are written there, run; and the claims its answer on
 * {@code CompletableFuture} makes about failures and cancellation.
 */
class FaqTest {

  // ------------------------------------------------------------------ awaiting Java futures

  @Coroutine
  static Coro<Integer> answerFromElsewhere() {
    CompletableFuture<Integer> cf = CompletableFuture.supplyAsync(() -> 6 * 7); // another thread
    int answer = await(cf); // the loop runs other tasks meanwhile
    return done(answer);
  }

  @Test
  void aCompletableFutureIsAwaitedDirectly() {
    assertEquals(42, run(answerFromElsewhere()));
  }

  @Coroutine
  static Coro<String> failingStage() {
    CompletableFuture<String> cf =
        CompletableFuture.supplyAsync(() -> {
          throw new IllegalArgumentException("bad input");
        });
    try {
      await(cf);
      return done("no error");
    } catch (IllegalArgumentException e) { // the cause, not a CompletionException
      return done(e.getMessage());
    }
  }

  @Test
  void aFailedStageRaisesItsCause() {
    assertEquals("bad input", run(failingStage()));
  }

  @Coroutine
  static Coro<Integer> gatherStages() {
    CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> 1);
    CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> 2);
    List<Integer> both = await(gather(List.of(wrapFuture(a), wrapFuture(b))));
    return done(both.get(0) + both.get(1));
  }

  @Test
  void wrapFutureMakesAStageAWeftFuture() {
    assertEquals(3, run(gatherStages()));
  }

  @Coroutine
  static Coro<Boolean> cancelWrapped(CompletableFuture<String> never) {
    Future<String> f = wrapFuture(never);
    f.cancel();
    await(sleep(0));
    return done(never.isCancelled());
  }

  @Test
  void cancellingTheWrappingFutureCancelsTheStage() {
    assertTrue(run(cancelWrapped(new CompletableFuture<>())));
  }

  @Coroutine
  static Coro<String> awaitForever(CompletableFuture<String> never) {
    return done(await(never));
  }

  @Coroutine
  static Coro<Boolean> cancelTheAwaiter(CompletableFuture<String> never) {
    Task<String> t = createTask(awaitForever(never));
    await(sleep(0));
    t.cancel();
    try {
      await(t);
    } catch (CancelledError expected) {
      // the task ends cancelled
    }
    return done(never.isCancelled());
  }

  @Test
  void cancellingATaskAwaitingAStageLeavesTheStageAlone() {
    assertFalse(run(cancelTheAwaiter(new CompletableFuture<>())));
  }

  // ------------------------------------------------------------------ blocking calls

  @Coroutine
  static Coro<String> readConfig(Path path) {
    String text = await(toThread(() -> Files.readString(path))); // blocking I/O off the loop
    return done(text);
  }

  @Test
  void toThreadRunsABlockingCallOffTheLoop(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("app.conf"), "port=8080");
    assertEquals("port=8080", run(readConfig(config)));
  }

  // ------------------------------------------------------------------ from another thread

  @Test
  void anotherThreadRunsACoroutineOnTheLoop() throws Exception {
    EventLoop loop = new EventLoop();
    Thread loopThread = new Thread(loop::runForever, "loop");
    loopThread.start();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      CompletableFuture<Integer> answer = runCoroutineThreadsafe(answerFromElsewhere(), loop);
      System.out.println(answer.join()); // 42, on a thread that is not the loop's
    } finally {
      System.setOut(stdout);
      loop.callSoonThreadsafe(loop::stop);
      loopThread.join();
      loop.close();
    }
    assertEquals("42", printed.toString(StandardCharsets.UTF_8).trim());
  }
}
