package io.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.Coro;
import io.weft.CoroutineState;
import io.weft.GeneratorExit;
import io.weft.StopIteration;
import io.weft.internal.Frame;
import io.weft.internal.LoopAwaitable;
import io.weft.weaver.testing.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What {@code Asyncio.await(x)} does with x: a woven coroutine runs in the same chain; a {@link
 * Coro} written by hand runs in the chain too, through its own send/throwIn/close (Python's
 * {@code await} of an object whose {@code __await__} is a generator); one of the loop's own
 * awaitables ({@link LoopAwaitable}) is handed out to the task even if it is a {@code Coro}.
 */
class AwaitingHandWrittenCoroTest {
  static final Fixture F = Fixture.of("Aw", """
      public class Aw {
        @Coroutine
        static Coro<Object> awaitIt(Coro<Object> c) {
          try {
            return Asyncio.done("result " + Asyncio.await(c));
          } catch (IllegalStateException e) {
            return Asyncio.done("caught " + e.getMessage());
          }
        }
      }
      """);

  /** Hands out {@code future} once, then returns ten times what it is sent. */
  static class TimesTen implements Coro<Object> {
    final CompletableFuture<Object> future = new CompletableFuture<>();
    final List<String> events = new ArrayList<>();
    private int step;

    @Override
    public Object send(Object value) {
      events.add("send " + value);
      if (step++ == 0) {
        return future;
      }
      throw new StopIteration((Integer) value * 10);
    }

    @Override
    public Object throwIn(Throwable error) {
      events.add("throwIn " + error.getMessage());
      throw new IllegalStateException("from TimesTen: " + error.getMessage());
    }

    @Override
    public void close() {
      events.add("close");
    }

    @Override
    public CoroutineState state() {
      return step == 0 ? CoroutineState.CREATED : CoroutineState.SUSPENDED;
    }
  }

  /** A loop awaitable that happens to be a Coro too: the task handles it. */
  static final class LoopOwned extends TimesTen implements LoopAwaitable {}

  private static Frame task(Coro<Object> awaited) {
    return (Frame) (Object) F.call("awaitIt", awaited);
  }

  @Test
  void aHandWrittenCoroIsRunInTheChainAndItsFutureGoesToTheTask() {
    TimesTen ten = new TimesTen();
    Frame task = task(ten);
    assertSame(ten.future, task.advance(null, null), "what it hands out, not itself");
    assertSame(Frame.RETURNED, task.advance(4, null));
    assertEquals("result 40", task.takeResult(), "its StopIteration is the await's value");
    assertEquals(List.of("send null", "send 4"), ten.events);
  }

  @Test
  void exceptionsThrownInReachIt() {
    TimesTen ten = new TimesTen();
    Frame task = task(ten);
    task.advance(null, null);
    assertSame(Frame.RETURNED, task.advance(null, new RuntimeException("cancel")));
    assertEquals("caught from TimesTen: cancel", task.takeResult());
    assertEquals(List.of("send null", "throwIn cancel"), ten.events);
  }

  @Test
  void closingTheAwaiterClosesIt() {
    TimesTen ten = new TimesTen();
    Frame task = task(ten);
    task.advance(null, null);
    task.close();
    assertEquals(List.of("send null", "close"), ten.events);
    assertEquals(CoroutineState.CLOSED, task.state());
  }

  @Test
  void aLoopAwaitableIsHandedOutEvenWhenItIsACoro() {
    LoopOwned owned = new LoopOwned();
    Frame task = task(owned);
    assertSame(owned, task.advance(null, null));
    assertSame(Frame.RETURNED, task.advance("value", null));
    assertEquals("result value", task.takeResult());
    assertEquals(List.of(), owned.events, "the task, not the chain, deals with it");
  }

  @Test
  void theSameHoldsForCoroSendAndThrowIn() {
    TimesTen ten = new TimesTen();
    Coro<Object> c = F.call("awaitIt", ten);
    assertSame(ten.future, c.send(null));
    assertEquals("result 70", assertThrows(StopIteration.class, () -> c.send(7)).value());
    TimesTen other = new TimesTen();
    Coro<Object> d = F.call("awaitIt", other);
    d.send(null);
    assertThrows(GeneratorExit.class, () -> d.throwIn(new GeneratorExit()));
    assertEquals(List.of("send null", "close"), other.events,
        "GeneratorExit closes the delegate, as yield from does");
  }
}
