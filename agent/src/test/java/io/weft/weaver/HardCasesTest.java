package io.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.Generator;
import io.weft.StopIteration;
import io.weft.weaver.testing.Fixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * One test per case of DESIGN.md "What the weaver must handle", each on woven classes that pass
 * CheckClassAdapter and the JVM verifier. Each generator is driven with {@link #drive}: it sends
 * 10, 20, 30, ... and records every yielded value and the return value.
 */
class HardCasesTest {
  static final String SOURCE = """
      public class Cases {
        record Pair(Object a, Object b) {}
        static String f(Object a, Object b, Object c) { return a + "|" + b + "|" + c; }

        // locals of every type; long and double take two slots
        @Coroutine
        static Generator<Object> primitives(boolean z, byte b, char c, short s, int i, long j,
            float f, double d, String str, int[] arr) {
          long j2 = j * 2;
          double d2 = d / 2;
          Generator.yield("start");
          z = !z; b++; c++; s++; i++; j2++; f *= 2; d2 += 0.25; arr[0]++;
          Object sent = Generator.yield(z + " " + b + " " + c + " " + s + " " + i + " " + j2 + " "
              + f + " " + d2 + " " + str + " " + arr[0]);
          return Generator.done(String.valueOf(sent) + j + d);
        }

        // a non-empty operand stack at the suspension
        @Coroutine
        static Generator<Object> operandStack(int x) {
          String a = f("a", Generator.yield("first"), "c");
          int sum = x + (Integer) Generator.yield("second") * 2;
          long wide = 3L + (Long) Generator.yield("third");
          double dd = 0.5 + (Double) Generator.yield("fourth");
          String concat = "<" + x + Generator.yield("fifth") + wide + ">";
          return Generator.done(a + " " + sum + " " + wide + " " + dd + " " + concat);
        }

        // uninitialized objects on the stack: new X(await a, await b), nested
        @Coroutine
        static Generator<Object> uninitialized() {
          Pair p = new Pair(Generator.yield(1), Generator.yield(2));
          Pair nested = new Pair(new Pair(Generator.yield(3), "x"), new StringBuilder("sb")
              .append((Object) Generator.yield(4)));
          List<Object> list = new ArrayList<>(Arrays.asList((Object) Generator.yield(5), "y"));
          return Generator.done(p + " " + nested + " " + list);
        }

        // loops, every kind of switch, ternaries
        @Coroutine
        static Generator<Object> control(String word) {
          int total = 0;
          for (int i = 0; i < 3; i++) {
            switch (i) {
              case 0: total += (Integer) Generator.yield("table " + i); break;
              case 1: total += 1; // fall through
              default: total += (Integer) Generator.yield("table " + i);
            }
          }
          switch (total % 1000) {
            case 60: total += 1; break;
            case 500: total -= 1; break;
            default: total += (Integer) Generator.yield("lookup");
          }
          String kind = switch (word) {
            case "alpha" -> "A" + Generator.yield("string switch");
            case "beta" -> "B";
            default -> {
              Object got = Generator.yield("default");
              yield "D" + got;
            }
          };
          int k = 0;
          do {
            k += total > 0 ? (Integer) Generator.yield("ternary " + k) : 0;
          } while (k < 100);
          return Generator.done(total + " " + kind + " " + k);
        }

        // try/catch/finally and try-with-resources around suspension points
        static final List<String> events = new ArrayList<>();
        static final class Res implements AutoCloseable {
          final String name;
          Res(String name) { this.name = name; events.add("open " + name); }
          public void close() { events.add("close " + name); }
        }

        @Coroutine
        static Generator<Object> handlers() {
          events.clear();
          try (Res a = new Res("a"); Res b = new Res("b")) {
            try {
              Generator.yield("in try");
              throw new IllegalStateException("thrown");
            } catch (IllegalStateException e) {
              events.add("caught " + e.getMessage() + " " + Generator.yield("in catch"));
            } finally {
              events.add("finally " + Generator.yield("in finally"));
            }
            try (Res c = new Res("c")) {
              Generator.yield("inner twr");
            }
          }
          return Generator.done(String.join(",", events));
        }

        // recursion: a generator delegating to itself
        @Coroutine
        static Generator<Integer> tree(int depth) {
          if (depth == 0) {
            Generator.yield(0);
            return Generator.done(1);
          }
          int left = Generator.yieldFrom(tree(depth - 1));
          Generator.yield(depth);
          int right = Generator.yieldFrom(tree(depth - 1));
          return Generator.done(left + right);
        }

        // instance, private, generic and varargs methods
        private final String prefix;
        Cases() { this("p"); }
        Cases(String prefix) { this.prefix = prefix; }

        @Coroutine
        private <T extends Comparable<T>> Generator<T> sortedWithPrefix(T... items) {
          T[] copy = items.clone();
          Arrays.sort(copy);
          for (T t : copy) {
            Generator.yield(t);
          }
          return Generator.done(prefix + copy.length);
        }

        // inner, anonymous and local classes; lambdas that do not suspend
        class Inner {
          @Coroutine
          Generator<String> words() {
            Runnable r = () -> events.add("lambda ran");
            r.run();
            Generator.yield(prefix + "-inner");
            return Generator.done();
          }
        }

        static Iterable<Object> anonymous() {
          return new Object() {
            @Coroutine
            Generator<Object> gen() {
              Generator.yield("anon");
              return Generator.done();
            }
          }.gen();
        }

        static Generator<Object> local() {
          class Local {
            @Coroutine
            Generator<Object> gen(int n) {
              for (int i = 0; i < n; i++) Generator.yield("local" + i);
              return Generator.done();
            }
          }
          return new Local().gen(2);
        }

        interface Source {
          @Coroutine
          default Generator<String> items() {
            Generator.yield(name() + "1");
            Generator.yield(name() + "2");
            return Generator.done();
          }
          String name();

          @Coroutine
          static Generator<String> fromInterface() {
            Generator.yield("static in interface");
            return Generator.done();
          }
        }

        enum Color implements Source {
          RED, GREEN;
          @Coroutine
          Generator<Object> shades() {
            Generator.yield(name().toLowerCase() + ordinal());
            return Generator.done();
          }
        }

        record Range(int from, int to) {
          @Coroutine
          Generator<Integer> values() {
            for (int i = from; i < to; i++) Generator.yield(i);
            return Generator.done();
          }
        }
      }
      """;

  static final Fixture F = Fixture.of("Cases", SOURCE);

  /** Sends 10, 20, 30... after the first yield; returns the yields then "return=" + result. */
  static List<Object> drive(Generator<?> g) {
    List<Object> seen = new ArrayList<>();
    Object sent = null;
    int n = 0;
    try {
      while (true) {
        seen.add(g.send(sent));
        sent = 10 * ++n;
      }
    } catch (StopIteration stop) {
      seen.add("return=" + stop.value());
    }
    return seen;
  }

  @Test
  void localsOfEveryTypeSurviveSuspension() {
    Generator<?> g = F.call("primitives", true, (byte) 1, 'a', (short) 2, 3, 4L, 1.5f, 2.5,
        "s", new int[] {7});
    assertEquals(List.of("start", "false 2 b 3 4 9 3.0 1.5 s 8", "return=2042.5"), drive(g));
  }

  @Test
  void theOperandStackUnderASuspensionIsSaved() {
    Generator<?> g = F.call("operandStack", 5);
    List<Object> seen = new ArrayList<>();
    seen.add(g.send(null));
    seen.add(g.send("b"));
    seen.add(g.send(7));
    seen.add(g.send(4L));
    seen.add(g.send(0.25));
    StopIteration stop = assertThrows(StopIteration.class, () -> g.send("!"));
    assertEquals(List.of("first", "second", "third", "fourth", "fifth"), seen);
    assertEquals("a|b|c 19 7 0.75 <5!7>", stop.value());
  }

  @Test
  void uninitializedObjectsOnTheStackAreCreatedAfterTheirArguments() {
    assertEquals(List.of(1, 2, 3, 4, 5,
        "return=Pair[a=10, b=20] Pair[a=Pair[a=30, b=x], b=sb40] [50, y]"),
        drive(F.call("uninitialized")));
  }

  @Test
  void loopsSwitchesAndTernaries() {
    assertEquals(List.of("table 0", "table 1", "table 2", "lookup", "string switch",
        "ternary 0", "ternary 60", "return=101 A50 130"), drive(F.call("control", "alpha")));
    assertEquals(List.of("table 0", "table 1", "table 2", "lookup", "default",
        "ternary 0", "ternary 60", "return=101 D50 130"), drive(F.call("control", "zeta")));
  }

  @Test
  void tryCatchFinallyAndTryWithResourcesAroundSuspensions() {
    assertEquals(List.of("in try", "in catch", "in finally", "inner twr",
        "return=open a,open b,caught thrown 20,finally 30,open c,close c,close b,close a"),
        drive(F.call("handlers")));
  }

  @Test
  void closingInsideTryWithResourcesClosesTheResources() {
    Generator<?> g = F.call("handlers");
    for (int i = 0; i < 4; i++) {
      g.send(null); // up to "inner twr"
    }
    g.close();
    assertEquals(List.of("open a", "open b", "caught thrown null", "finally null", "open c",
        "close c", "close b", "close a"), events());
  }

  @Test
  void recursionThroughYieldFrom() {
    assertEquals(List.of(0, 1, 0, 2, 0, 1, 0, "return=4"), drive(F.call("tree", 2)));
  }

  @Test
  void instancePrivateGenericAndVarargsMethods() {
    Object cases = F.newInstance();
    Generator<?> g = F.callOn(cases, "sortedWithPrefix", (Object) new String[] {"b", "c", "a"});
    assertEquals(List.of("a", "b", "c", "return=p3"), drive(g));
  }

  @Test
  void innerAnonymousAndLocalClasses() throws Exception {
    Class<?> inner = F.type().getClassLoader().loadClass("Cases$Inner");
    Object outer = F.newInstance();
    var ctor = inner.getDeclaredConstructor(F.type());
    ctor.setAccessible(true);
    Object in = ctor.newInstance(outer);
    var words = inner.getDeclaredMethod("words");
    words.setAccessible(true);
    assertEquals(List.of("p-inner", "return=null"), drive((Generator<?>) words.invoke(in)));
    assertEquals(List.of("anon", "return=null"), drive(F.call("anonymous")));
    assertEquals(List.of("local0", "local1", "return=null"), drive(F.call("local")));
  }

  @Test
  void interfaceDefaultAndStaticMethodsAndEnums() throws Exception {
    ClassLoader loader = F.type().getClassLoader();
    Class<?> color = loader.loadClass("Cases$Color");
    Object green = color.getEnumConstants()[1];
    var items = loader.loadClass("Cases$Source").getDeclaredMethod("items");
    items.setAccessible(true);
    assertEquals(List.of("GREEN1", "GREEN2", "return=null"),
        drive((Generator<?>) items.invoke(green)));
    var shades = color.getDeclaredMethod("shades");
    shades.setAccessible(true);
    assertEquals(List.of("green1", "return=null"), drive((Generator<?>) shades.invoke(green)));
    var fromInterface = loader.loadClass("Cases$Source").getDeclaredMethod("fromInterface");
    fromInterface.setAccessible(true);
    assertEquals(List.of("static in interface", "return=null"),
        drive((Generator<?>) fromInterface.invoke(null)));
  }

  @Test
  void records() throws Exception {
    Class<?> range = F.type().getClassLoader().loadClass("Cases$Range");
    var ctor = range.getDeclaredConstructor(int.class, int.class);
    ctor.setAccessible(true);
    Object r = ctor.newInstance(3, 6);
    var values = range.getDeclaredMethod("values");
    values.setAccessible(true);
    assertEquals(List.of(3, 4, 5, "return=null"), drive((Generator<?>) values.invoke(r)));
  }

  @ParameterizedTest(name = "--release {0}")
  @ValueSource(ints = {8, 11})
  void olderClassFileVersions(int release) {
    Fixture old = Fixture.of("Old", """
        public class Old {
          @Coroutine
          static Generator<Object> mix(long a, double b) {
            String s = "x" + Generator.yield(a) + b;
            StringBuilder sb = new StringBuilder(String.valueOf((Object) Generator.yield(s)));
            try {
              Generator.yield(sb.reverse().toString());
            } finally {
              sb.append("!");
            }
            return Generator.done(sb.toString());
          }
        }
        """, release);
    Generator<?> g = old.call("mix", 1L, 2.5);
    assertEquals(List.of(1L, "x102.5", "02", "return=02!"), drive(g));
  }

  @SuppressWarnings("unchecked")
  private static List<String> events() {
    try {
      java.lang.reflect.Field events = F.type().getDeclaredField("events");
      events.setAccessible(true);
      return (List<String>) events.get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
