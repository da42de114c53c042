package demo;

import module java.base; // module imports: Java 25

import demo.Shape.Circle;
import demo.Shape.Group;
import demo.Shape.Square;
import io.weft.Coroutine;
import io.weft.Generator;
import io.weft.StopIteration;

/**
 * A pattern switch over a sealed interface (record patterns, a guard, an unnamed pattern) with
 * suspensions inside its cases, and a constructor with statements before {@code super()}: Java 25.
 * {@code modern/jdk17/demo/Shapes.java} writes the same with {@code instanceof}.
 */
public final class Shapes {
  static final class Counter {
    private final int limit;

    Counter(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit " + limit);
      }
      super();
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
      String kind =
          switch (shape) {
            case Circle(int r) when r > 10 -> {
              Generator.yield("a big circle is coming");
              yield "big circle " + r;
            }
            case Circle(var _) -> "small circle";
            case Square(int side) -> {
              String reply = Generator.yield("square " + side + "?");
              yield "square " + side + " " + reply;
            }
            case Group g -> {
              int count = Generator.yieldFrom(g.names());
              yield "group " + g.name() + " of " + count;
            }
          };
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
