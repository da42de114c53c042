package demo;

import io.weft.Coroutine;
import io.weft.Generator;

public class Refused {
  @Coroutine
  static Generator<Integer> locked(Object lock) {
    synchronized (lock) {
      Generator.yield(1); // refused: a monitor cannot be held across a suspension
    }
    return Generator.done();
  }

  public static void main(String[] args) {
    // A class next to the refused one is still woven.
    for (int i : Fine.upTo(2)) {
      System.out.println("fine " + i);
    }
    try {
      for (int i : locked(new Object())) {
        System.out.println("locked " + i);
      }
    } catch (IllegalStateException notWoven) {
      System.out.println("Refused.locked ran unwoven: " + notWoven.getMessage().contains("not woven"));
    }
  }
}
