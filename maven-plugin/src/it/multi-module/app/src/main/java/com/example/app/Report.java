package com.example.app;

import com.example.shapes.Rectangle;
import com.example.shapes.Shape;
import com.example.shapes.Shapes;
import com.example.shapes.Square;
import io.weft.Coroutine;
import io.weft.Generator;

public final class Report {
  private Report() {}

  /**
   * Holds a Square or a Rectangle in one local across a suspension: the woven method's stack-map
   * frames need their common superclass, Shape, which only the shapes module's class files tell.
   * Then delegates to a generator of the shapes module and returns its return value plus the
   * number of shapes it described.
   */
  @Coroutine
  public static Generator<String> lines(boolean[] squares) {
    for (boolean square : squares) {
      Shape shape = square ? new Square(2) : new Rectangle(2, 3);
      Generator.yield(shape.name());
      Generator.yield("area " + shape.area());
    }
    int more = Generator.yieldFrom(Shapes.squareNames(2));
    return Generator.done(squares.length + more);
  }
}
