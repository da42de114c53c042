package demo;

import demo.Shape.Circle;
import demo.Shape.Group;
import demo.Shape.Square;
import io.weft.Coroutine;
import io.weft.Generator;
import io.weft.StopIteration;
import java.util.List;

/**
 * The Java 17 twin of {@code modern/jdk25/demo/Shapes.java}: {@code instanceof} patterns over a
 * sealed interface instead of a pattern switch, with the same suspensions and the same output.
 */
public final class Shapes {
  static final class Counter {
    private final int limit;

    Counter(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit " + limit);
      }
      this.limit = limit;
    }

    @Coroutine
    Generator<Integer> count() {
      for (int i = 0; i < limit; i++) {
        Generator.yield(i);
      }
      return Generator.done();
    }
  }

  @Coroutine
  static Generator<String> describe(List<Shape> shapes) {
    int total = 0;
    for (Shape shape : shapes) {
      String kind;
      if (shape instanceof Circle c && c.radius() > 10) {
        Generator.yield("a big circle is coming");
        kind = "big circle " + c.radius();
      } else if (shape instanceof Circle) {
        kind = "small circle";
      } else if (shape instanceof Square s) {
        String reply = Generator.yield("square " + s.side() + "?");
        kind = "square " + s.side() + " " + reply;
      } else {
        Group g = (Group) shape;
        int count = Generator.yieldFrom(g.names());
        kind = "group " + g.name() + " of " + count;
      }
      total++;
      Generator.yield(total + ": " + kind);
    }
    return Generator.done(total);
  }

  static void demo() {
    List<Shape> shapes =
        List.of(new Circle(12), new Circle(2), new Square(3),
            new Group("g", List.of(new Square(1), new Circle(5))));
    Generator<String> g = describe(shapes);
    String reply = null;
    try {
      while (true) {
        String out = g.send(reply);
        System.out.println(out);
        reply = out.endsWith("?") ? "yes" : null;
      }
    } catch (StopIteration stop) {
      System.out.println("described " + stop.value());
    }
    for (int i : new Counter(2).count()) {
      System.out.println("count " + i);
    }
  }
}
