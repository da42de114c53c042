package demo;

import io.weft.Coroutine;
import io.weft.Generator;

public class Countdown {
  @Coroutine
  static Generator<Integer> countdown(int n) {
    while (n > 0) {
      Generator.yield(n--);
    }
    return Generator.done();
  }

  public static void main(String[] args) {
    for (int i : countdown(3)) {
      System.out.println(i);
    }
    System.out.println("liftoff");
  }
}
