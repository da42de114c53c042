package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * The JDK Flight Recorder events: off unless a recording enables them, and then one event per
 * task created and done, per slow callback, per loop pass. A Weft addition (Python has no JFR);
 * the slow-callback event is debug mode's "Executing ... took N seconds" as a timed event.
 */
class FlightRecorderTest {

  @Coroutine
  static Coro<String> answer() {
    await(sleep(0.01));
    return done("42");
  }

  @Coroutine
  static Coro<Void> failing() {
    await(sleep(0.01));
    throw new IllegalArgumentException("bad input");
  }

  @Coroutine
  static Coro<Void> sleepsForever() {
    await(sleep(3600));
    return done();
  }

  /** Runs three named tasks (a result, an exception, a cancellation) and one slow callback. */
  static void workload(EventLoop loop) {
    Task<String> ok = loop.createTask(answer(), "ok");
    Task<Void> bad = loop.createTask(failing(), "bad");
    Task<Void> forever = loop.createTask(sleepsForever(), "forever");
    loop.callSoon(() -> sleepQuietly(150)); // holds the loop's thread: a slow callback
    loop.runUntilComplete(ok);
    try {
      loop.runUntilComplete(bad);
    } catch (IllegalArgumentException expected) {
      // retrieved
    }
    forever.cancel();
    try {
      loop.runUntilComplete(forever);
    } catch (CancelledError expected) {
      // retrieved
    }
  }

  static List<RecordedEvent> record(Runnable body, String... events) throws Exception {
    Path file = Files.createTempFile("weft", ".jfr");
    try (Recording recording = new Recording()) {
      for (String e : events) {
        if (e.startsWith("io.weft.Task")) {
          recording.enable(e); // instant events: a threshold would drop them all
        } else {
          recording.enable(e).withThreshold(Duration.ofMillis(100));
        }
      }
      recording.start();
      body.run();
      recording.stop();
      recording.dump(file);
      List<RecordedEvent> weft = new ArrayList<>();
      for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
        if (e.getEventType().getName().startsWith("io.weft.")) {
          weft.add(e);
        }
      }
      return weft;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void taskEventsTellEachTasksCreationAndOutcome() throws Exception {
    EventLoop loop = Loops.virtual();
    List<RecordedEvent> events =
        record(() -> workload(loop), "io.weft.TaskCreated", "io.weft.TaskDone");
    loop.close();
    Map<String, String> outcomes = new TreeMap<>();
    List<String> created = new ArrayList<>();
    for (RecordedEvent e : events) {
      String type = e.getEventType().getName();
      if (type.equals("io.weft.TaskCreated")) {
        created.add(e.getString("task"));
        assertTrue(e.getString("coroutine").contains("FlightRecorderTest"), e.toString());
      } else if (type.equals("io.weft.TaskDone")) {
        String error = e.getString("exception");
        outcomes.put(e.getString("task"), e.getString("outcome") + (error == null ? "" : " " + error));
      }
    }
    assertEquals(List.of("ok", "bad", "forever"), created);
    assertEquals(
        Map.of(
            "ok", "result",
            "bad", "exception java.lang.IllegalArgumentException: bad input",
            "forever", "cancelled"),
        outcomes);
  }

  @Test
  void aCallbackHoldingTheLoopPastTheThresholdIsASlowCallbackEvent() throws Exception {
    EventLoop loop = Loops.virtual();
    List<RecordedEvent> events = record(() -> workload(loop), "io.weft.SlowCallback");
    loop.close();
    // the 150 ms sleep; a task step is quick, but a loaded machine may make one slow too
    RecordedEvent slow = null;
    for (RecordedEvent e : events) {
      if (slow == null || e.getDuration().compareTo(slow.getDuration()) > 0) {
        slow = e;
      }
    }
    assertNotNull(slow, "no slow callback recorded");
    assertTrue(slow.getDuration().toMillis() >= 140, slow.toString());
    assertTrue(slow.getString("callback").contains("FlightRecorderTest"), slow.toString());
  }

  @Test
  void loopIterationEventsCountWhatEachPassRan() throws Exception {
    EventLoop loop = Loops.virtual();
    List<RecordedEvent> events = record(() -> workload(loop), "io.weft.LoopIteration");
    loop.close();
    // a 100 ms threshold keeps the pass holding the slow callback (and any a loaded machine
    // made slow): the longest is that one
    RecordedEvent longest = null;
    for (RecordedEvent e : events) {
      if (longest == null || e.getDuration().compareTo(longest.getDuration()) > 0) {
        longest = e;
      }
    }
    assertNotNull(longest, "no loop iteration recorded");
    assertTrue(longest.getDuration().toMillis() >= 140, longest.toString());
    assertTrue(longest.getInt("ran") >= 1);
    assertTrue(longest.getInt("timersScheduled") >= 1, "the sleeps' timers");
  }

  @Test
  void withNoRecordingNothingIsRecordedAndTheLoopRunsAsUsual() throws Exception {
    EventLoop loop = Loops.virtual();
    List<RecordedEvent> events = record(() -> workload(loop)); // a recording, no Weft event on
    loop.close();
    assertEquals(List.of(), events);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
