package io.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.internal.Abi;
import io.weft.weaver.testing.InMemoryJavac;
import io.weft.weaver.testing.WovenClasses;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Every refusal of the weaver, each with its exact message: the class, the method, the source
 * file and line, what is wrong, and the fix.
 */
class RefusalsTest {

  /** Compiles {@code body} as class R (line 1 is the class declaration) and weaves it. */
  private static WeaveException refuse(String body) {
    return refuse(body, 17);
  }

  private static WeaveException refuse(String body, int release) {
    String source = "import io.weft.*;\npublic class R {\n" + body + "\n}\n";
    Map<String, byte[]> classes = InMemoryJavac.compile(Map.of("R", source), release);
    return assertThrows(WeaveException.class, () -> WovenClasses.weaveAll(classes));
  }

  @Test
  void suspensionInsideSynchronized() {
    WeaveException e = refuse("""
        @Coroutine static Generator<Integer> g(Object lock) {
          synchronized (lock) {
            Generator.yield(1);
          }
          return Generator.done();
        }""");
    assertEquals("R.g (R.java:5): Generator.yield inside a synchronized block: a monitor cannot"
        + " be held across a suspension. Fix: use io.weft.sync.Lock (acquire/release around the"
        + " suspension), or move the call out of the synchronized block.", e.getMessage());
    assertEquals("R", e.className());
    assertEquals("g", e.methodName());
    assertEquals("R.java", e.sourceFile());
    assertEquals(5, e.line());
  }

  @Test
  void synchronizedCoroutineMethod() {
    WeaveException e = refuse("""
        @Coroutine static synchronized Generator<Integer> g() {
          Generator.yield(1);
          return Generator.done();
        }""");
    assertEquals("R.g (R.java:4): a synchronized @Coroutine method: a monitor cannot be held"
        + " across a suspension. Fix: remove synchronized; coroutines of one event loop never run"
        + " at the same time, and io.weft.sync.Lock guards state across suspensions.",
        e.getMessage());
  }

  @Test
  void suspensionInAMethodThatIsNotACoroutine() {
    WeaveException e = refuse("""
        static Object plain() {
          return Generator.yield(1);
        }""");
    assertEquals("R.plain (R.java:4): Generator.yield in a method that is not a @Coroutine"
        + " method: only coroutines can suspend. Fix: annotate plain with @io.weft.Coroutine and"
        + " make it return Generator<T> (for yield), Coro<T> (for await) or AsyncGenerator<T> (for"
        + " both).", e.getMessage());
  }

  @Test
  void suspensionInsideALambdaThatDoesNotReturnACoroutine() {
    WeaveException e = refuse("""
        static Runnable r() {
          return () ->
              Generator.yield(1);
        }""");
    assertEquals("R.lambda$r$0 (R.java:5): Generator.yield inside a lambda whose functional"
        + " interface returns void: only a lambda returning Coro, Generator or AsyncGenerator is"
        + " a coroutine. Fix: make the lambda's functional interface return Coro<T> (for example"
        + " Supplier<Coro<T>> or Function<A, Coro<T>>; Generator<T> or AsyncGenerator<T> to"
        + " yield), and end the lambda with return Asyncio.done(...).", e.getMessage());
  }

  @Test
  void awaitInsideALambdaReturningObject() {
    WeaveException e = refuse("""
        static java.util.function.Supplier<Object> s(Coro<Integer> c) {
          return () -> {
            int x = Asyncio.await(c);
            return x;
          };
        }""");
    assertEquals("R.lambda$s$0 (R.java:5): Asyncio.await inside a lambda whose functional"
        + " interface returns java.lang.Object: only a lambda returning Coro, Generator or"
        + " AsyncGenerator is a coroutine. Fix: make the lambda's functional interface return"
        + " Coro<T> (for example Supplier<Coro<T>> or Function<A, Coro<T>>; Generator<T> or"
        + " AsyncGenerator<T> to yield), and end the lambda with return Asyncio.done(...).",
        e.getMessage());
  }

  @Test
  void anAsyncLambdaIsCheckedLikeACoroutine() {
    WeaveException e = refuse("""
        static java.util.function.Supplier<Coro<Integer>> s(boolean b) {
          return () -> {
            Generator.yield(1);
            return Asyncio.done(1);
          };
        }""");
    assertEquals("R.lambda$s$0 (R.java:5): Generator.yield in a @Coroutine method returning Coro."
        + " Fix: a Coro suspends with Asyncio.await; Generator.yield belongs in a method returning"
        + " Generator<T>.", e.getMessage());
  }

  @Test
  void yieldFromInAnAsyncGenerator() {
    WeaveException e = refuse("""
        @Coroutine static AsyncGenerator<Integer> g(Generator<Integer> inner) {
          Generator.yieldFrom(inner);
          return AsyncGenerator.done();
        }""");
    assertEquals("R.g (R.java:4): Generator.yieldFrom in a @Coroutine method returning"
        + " AsyncGenerator: Python forbids yield from in an async generator. Fix: yield the other"
        + " source's values one by one: for (var it = source; Asyncio.await(it.hasNext()); )"
        + " AsyncGenerator.yield(it.next());", e.getMessage());
  }

  @Test
  void generatorYieldInAnAsyncGenerator() {
    WeaveException e = refuse("""
        @Coroutine static AsyncGenerator<Integer> g() {
          Generator.yield(1);
          return AsyncGenerator.done();
        }""");
    assertEquals("R.g (R.java:4): Generator.yield in a @Coroutine method returning"
        + " AsyncGenerator. Fix: an async generator yields with AsyncGenerator.yield(value).",
        e.getMessage());
  }

  @Test
  void asyncYieldOutsideAnAsyncGenerator() {
    WeaveException g = refuse("""
        @Coroutine static Generator<Integer> g() {
          AsyncGenerator.yield(1);
          return Generator.done();
        }""");
    assertEquals("R.g (R.java:4): AsyncGenerator.yield in a @Coroutine method returning"
        + " Generator. Fix: a generator yields with Generator.yield; AsyncGenerator.yield belongs"
        + " in a method returning AsyncGenerator<T>.", g.getMessage());
    WeaveException c = refuse("""
        @Coroutine static Coro<Integer> c() {
          AsyncGenerator.yield(1);
          return Asyncio.done(1);
        }""");
    assertEquals("R.c (R.java:4): AsyncGenerator.yield in a @Coroutine method returning Coro."
        + " Fix: a Coro suspends with Asyncio.await; AsyncGenerator.yield belongs in a method"
        + " returning AsyncGenerator<T>.", c.getMessage());
  }

  @Test
  void anAsyncGeneratorReturnsDone() {
    WeaveException e = refuse("""
        @Coroutine static AsyncGenerator<Integer> g(boolean b) {
          AsyncGenerator.yield(1);
          if (b) return null;
          return AsyncGenerator.done();
        }""");
    assertEquals("R.g (R.java:5): a @Coroutine method returns something other than done(...)."
        + " Fix: end the path with return AsyncGenerator.done().", e.getMessage());
  }

  @Test
  void methodReferenceToASuspensionMethod() {
    WeaveException e = refuse("""
        static java.util.function.Function<Object, Object> f() {
          return Generator::yield;
        }""");
    assertEquals("R.f (R.java:4): a method reference to Generator::yield: a suspension point"
        + " must be a direct call the weaver can see. Fix: call Generator.yield(...) directly"
        + " inside a @Coroutine method instead of passing a method reference.", e.getMessage());
  }

  @Test
  void coroutineReturningAnotherType() {
    WeaveException e = refuse("""
        @Coroutine static java.util.Iterator<Integer> g() {
          return null;
        }""");
    assertEquals("R.g (R.java:4): @Coroutine on a method returning java.util.Iterator. Fix:"
        + " return io.weft.Generator<T> (a generator), io.weft.Coro<T> (an async coroutine) or"
        + " io.weft.AsyncGenerator<T> (an async generator).", e.getMessage());
  }

  @Test
  void abstractAndNativeCoroutines() {
    WeaveException a = refuse("interface I { @Coroutine Generator<Integer> g(); }");
    assertEquals("R$I.g (R.java): @Coroutine on an abstract method: there is no body to weave."
        + " Fix: put @Coroutine on the implementing methods; declare the abstract one as returning"
        + " Generator<T> or Coro<T> without the annotation.", a.getMessage());
    WeaveException n = refuse("@Coroutine static native Generator<Integer> g();");
    assertEquals("R.g (R.java): @Coroutine on a native method: there is no body to weave. Fix:"
        + " put @Coroutine on the implementing methods; declare the abstract one as returning"
        + " Generator<T> or Coro<T> without the annotation.", n.getMessage());
  }

  @Test
  void coroutineConstructor() {
    // javac refuses @Coroutine on a constructor (@Target(METHOD)); other compilers may not.
    String source = "public class R { public R() { } }";
    byte[] plain = InMemoryJavac.compile(Map.of("R", source), 17).get("R");
    ClassWriter cw = new ClassWriter(0);
    new ClassReader(plain).accept(new ClassVisitor(Opcodes.ASM9, cw) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String desc, String sig,
          String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, desc, sig, exceptions);
        if (name.equals("<init>")) {
          AnnotationVisitor av = mv.visitAnnotation(Abi.COROUTINE_DESC, false);
          av.visitEnd();
        }
        return mv;
      }
    }, 0);
    Weaver weaver = new Weaver(ClassHierarchy.of(getClass().getClassLoader()));
    WeaveException e = assertThrows(WeaveException.class, () -> weaver.weave(cw.toByteArray()));
    assertEquals("R.<init> (R.java:1): @Coroutine on a constructor: an object cannot be"
        + " half-built across a suspension. Fix: move the suspending code into a @Coroutine"
        + " method the constructor's caller awaits.", e.getMessage());
  }

  @Test
  void returningSomethingOtherThanDone() {
    WeaveException e = refuse("""
        @Coroutine static Generator<Integer> g(boolean b) {
          Generator.yield(1);
          if (b) return null;
          return Generator.done();
        }""");
    assertEquals("R.g (R.java:5): a @Coroutine method returns something other than done(...)."
        + " Fix: end the path with return Generator.done(value) (or Asyncio.done(value) in a"
        + " Coro).", e.getMessage());
  }

  @Test
  void usingTheValueOfDoneForSomethingElse() {
    WeaveException e = refuse("""
        @Coroutine static Generator<Integer> g() {
          System.out.println(Generator.done());
          return Generator.done();
        }""");
    assertEquals("R.g (R.java:4): the value of done(...) is used for something other than"
        + " return. Fix: write return Generator.done(value); as a statement of its own.",
        e.getMessage());
  }

  @Test
  void awaitInAGenerator() {
    WeaveException e = refuse("""
        @Coroutine static Generator<Integer> g() {
          Asyncio.await(java.util.concurrent.CompletableFuture.completedFuture(1));
          return Generator.done();
        }""");
    assertEquals("R.g (R.java:4): Asyncio.await in a @Coroutine method returning Generator. Fix:"
        + " await belongs in a method returning Coro<T> (or AsyncGenerator<T>); a generator"
        + " suspends with Generator.yield or Generator.yieldFrom.", e.getMessage());
  }

  @Test
  void yieldInACoro() {
    WeaveException e = refuse("""
        @Coroutine static Coro<Integer> c() {
          Generator.yield(1);
          return Asyncio.done(1);
        }""");
    assertEquals("R.c (R.java:4): Generator.yield in a @Coroutine method returning Coro. Fix: a"
        + " Coro suspends with Asyncio.await; Generator.yield belongs in a method returning"
        + " Generator<T>.", e.getMessage());
  }

  @Test
  void classFilesOlderThanJava8() {
    // Java 7 source cannot call Generator.yield (a static interface method); other JVM
    // languages can emit such class files, so the version is patched down to 51.
    String source = "import io.weft.*;\npublic class R {\n\n"
        + "@Coroutine static Generator<Integer> g() {\n  Generator.yield(1);\n"
        + "  return Generator.done();\n}\n}\n";
    byte[] bytes = InMemoryJavac.compile(Map.of("R", source), 8).get("R");
    bytes[7] = 51;
    Weaver weaver = new Weaver(ClassHierarchy.of(getClass().getClassLoader()));
    WeaveException e = assertThrows(WeaveException.class, () -> weaver.weave(bytes));
    assertEquals("R.g (R.java:5): class file version 51 is older than Java 8 (52). Fix: compile"
        + " with --release 8 or later.", e.getMessage());
  }
}
