package io.weft.internal;

import io.weft.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Debug mode's "unclosed transport" and "unclosed Server": the transports and servers a loop in
 * debug mode opened and nobody closed, reported when the loop closes. Python warns with a
 * {@code ResourceWarning} when such an object is collected, which in CPython happens as the
 * closed loop drops its selector; Weft reports at {@link EventLoop#close()} itself, through the
 * loop's exception handler (context "message", the kind's key, "source_traceback": where it was
 * opened), then closes the socket.
 *
 * <p>Only loops in debug mode track anything: {@link #opened} returns at once otherwise, so a
 * production server pays one boolean test per connection. <b>Thread:</b> the loop's; the
 * registry itself is synchronized because loops run on different threads.
 */
public final class OpenResources {
  private OpenResources() {}

  private static final Map<EventLoop, Map<Object, Entry>> OPEN = new WeakHashMap<>();

  /** Set once a debug loop tracked something: until then closing a socket takes no lock. */
  private static volatile boolean used;

  private record Entry(String kind, Runnable closer, List<StackTraceElement> opened) {}

  /**
   * Notes that {@code resource} is open on {@code loop}, when the loop is in debug mode.
   *
   * @param loop the loop the resource belongs to
   * @param kind "transport" or "server": the context key and the word in the message
   * @param resource the transport or server (its toString is the report)
   * @param closer closes its socket(s) once it has been reported
   */
  public static void opened(EventLoop loop, String kind, Object resource, Runnable closer) {
    if (!loop.getDebug()) {
      return;
    }
    used = true;
    StackTraceElement[] stack = new Throwable().getStackTrace();
    List<StackTraceElement> where = List.of(Arrays.copyOfRange(stack, 1, Math.min(stack.length, 12)));
    synchronized (OPEN) {
      OPEN.computeIfAbsent(loop, l -> new IdentityHashMap<>())
          .put(resource, new Entry(kind, closer, where));
    }
  }

  /**
   * Notes that {@code resource} was closed.
   *
   * @param loop its loop
   * @param resource the transport or server
   */
  public static void closed(EventLoop loop, Object resource) {
    if (!used) {
      return;
    }
    synchronized (OPEN) {
      Map<Object, Entry> open = OPEN.get(loop);
      if (open != null) {
        open.remove(resource);
      }
    }
  }

  /**
   * Reports each resource of {@code loop} still open, closes it, and forgets the loop. Called by
   * {@link EventLoop#close()}.
   *
   * @param loop the closing loop
   * @return how many were reported
   */
  public static int reportUnclosed(EventLoop loop) {
    if (!used) {
      return 0;
    }
    Map<Object, Entry> open;
    synchronized (OPEN) {
      open = OPEN.remove(loop);
    }
    if (open == null || open.isEmpty()) {
      return 0;
    }
    List<Map.Entry<Object, Entry>> all = new ArrayList<>(open.entrySet());
    for (Map.Entry<Object, Entry> e : all) {
      Entry entry = e.getValue();
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("message", "unclosed " + entry.kind() + " " + e.getKey()
          + ": close it (and await its waitClosed()) before the loop closes");
      context.put(entry.kind(), e.getKey());
      context.put("source_traceback", entry.opened());
      loop.callExceptionHandler(context);
      entry.closer().run();
    }
    return all.size();
  }
}
