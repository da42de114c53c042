package io.weft.weaver.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * One compiled-and-woven source file, for tests that read like specifications: {@code
 * Fixture.of("Demo", source).call("countdown", 3)} returns the generator.
 */
public final class Fixture {
  private final WovenClasses loader;
  private final String className;

  private Fixture(WovenClasses loader, String className) {
    this.loader = loader;
    this.className = className;
  }

  /**
   * Compiles {@code source} (a class named {@code className} in the default package, with
   * {@code io.weft.*} imported for it), weaves it, and loads it.
   */
  public static Fixture of(String className, String source) {
    return of(className, source, 17);
  }

  /** As {@link #of(String, String)}, compiled with {@code --release release}. */
  public static Fixture of(String className, String source, int release) {
    String full = "import io.weft.*;\nimport java.util.*;\n" + source;
    Map<String, byte[]> compiled = InMemoryJavac.compile(Map.of(className, full), release);
    return new Fixture(WovenClasses.weave(compiled), className);
  }

  /** The loaded class. */
  public Class<?> type() {
    try {
      return loader.loadClass(className);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** The woven bytes of a class of this fixture (binary name). */
  public byte[] bytes(String binaryName) {
    return loader.bytes(binaryName);
  }

  /** Calls the static method {@code name} (the first one with that name and arity). */
  @SuppressWarnings("unchecked")
  public <T> T call(String name, Object... args) {
    return (T) invoke(null, name, args);
  }

  /** Calls the instance method {@code name} on {@code target}. */
  @SuppressWarnings("unchecked")
  public <T> T callOn(Object target, String name, Object... args) {
    return (T) invoke(target, name, args);
  }

  /** Creates an instance with the no-argument constructor. */
  public Object newInstance() {
    try {
      var c = type().getDeclaredConstructor();
      c.setAccessible(true);
      return c.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private Object invoke(Object target, String name, Object[] args) {
    for (Method m : type().getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length && !m.isSynthetic()) {
        m.setAccessible(true);
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw sneaky(e.getCause());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no method " + name + "/" + args.length + " in " + className);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
