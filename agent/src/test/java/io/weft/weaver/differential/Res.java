package io.weft.weaver.differential;

/** A resource for try-with-resources that records its life in the trace. */
public final class Res implements AutoCloseable {
  private final int id;
  private final boolean failOnClose;

  /**
   * Opens the resource (records {@code open:id}).
   *
   * @param id its number
   * @param failOnClose whether {@link #close()} throws {@code Bang(1000 + id)} after recording
   */
  public Res(int id, boolean failOnClose) {
    this.id = id;
    this.failOnClose = failOnClose;
    Rt.note("open:" + id);
  }

  /**
   * Uses the resource (records {@code use:id:v}).
   *
   * @param v a value
   * @return {@code v + id}
   */
  public int use(int v) {
    Rt.note("use:" + id + ":" + v);
    return v + id;
  }

  @Override
  public void close() {
    Rt.note("close:" + id);
    if (failOnClose) {
      throw new Bang(1000 + id);
    }
  }

  @Override
  public String toString() {
    return "Res#" + id;
  }
}
