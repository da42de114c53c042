package io.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A callback or task step held the loop's thread for at least the event's threshold (100 ms by
 * default, the loop's slow-callback duration): every other task waited that long. Python's debug
 * mode warning "Executing ... took 0.123 seconds", as a timed event. Off by default.
 */
@Name("io.weft.SlowCallback")
@Label("Slow Callback")
@Category({"Weft", "Event Loop"})
@Description("A callback or task step that held the event loop's thread")
@Enabled(false)
@Threshold("100 ms")
@StackTrace(false)
public final class SlowCallbackEvent extends Event {
  /** The callback or task, as its toString. */
  @Label("Callback")
  public String callback;
}
