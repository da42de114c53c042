package demo;

import io.weft.Coroutine;
import io.weft.Generator;
import java.util.List;

/** A sealed interface of records; {@link Group} has a coroutine method using its components. */
public sealed interface Shape permits Shape.Circle, Shape.Square, Shape.Group {
  record Circle(int radius) implements Shape {}

  record Square(int side) implements Shape {}

  record Group(String name, List<Shape> members) implements Shape {
    @Coroutine
    Generator<String> names() {
      int i = 0;
      for (Shape member : members) {
        Generator.yield(name + "[" + i++ + "]=" + member);
      }
      return Generator.done(i);
    }
  }
}
