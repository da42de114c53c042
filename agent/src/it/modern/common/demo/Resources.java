package demo;

import io.weft.Coroutine;
import io.weft.Generator;
import io.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;

/** Nested try-with-resources around suspensions; the resources record when they open and close. */
public final class Resources {
  record Resource(String name, List<String> log) implements AutoCloseable {
    Resource {
      log.add("open " + name);
    }

    @Override
    public void close() {
      log.add("close " + name);
    }
  }

  @Coroutine
  static Generator<String> nested(List<String> log) {
    try (Resource a = new Resource("a", log)) {
      Generator.yield("in a");
      try (Resource b = new Resource("b", log); Resource c = new Resource("c", log)) {
        String sent = Generator.yield("in b c");
        log.add("sent " + sent);
      }
      Generator.yield("after b c");
    } finally {
      log.add("finally");
    }
    return Generator.done("result");
  }

  static void demo() {
    List<String> log = new ArrayList<>();
    Generator<String> g = nested(log);
    log.add("got " + g.send(null));
    log.add("got " + g.send(null));
    log.add("got " + g.send("x"));
    try {
      g.send(null);
    } catch (StopIteration stop) {
      log.add("return " + stop.value());
    }
    System.out.println("complete: " + String.join(", ", log));

    List<String> closed = new ArrayList<>();
    Generator<String> h = nested(closed);
    closed.add("got " + h.next());
    closed.add("got " + h.next());
    h.close(); // GeneratorExit at the yield inside b and c: closes c, then b, then a
    closed.add(h.state().toString());
    System.out.println("closed: " + String.join(", ", closed));

    List<String> thrown = new ArrayList<>();
    Generator<String> t = nested(thrown);
    thrown.add("got " + t.next());
    try {
      t.throwIn(new IllegalStateException("boom"));
    } catch (IllegalStateException e) {
      thrown.add("caught " + e.getMessage());
    }
    thrown.add(t.state().toString());
    System.out.println("thrown: " + String.join(", ", thrown));
  }
}
