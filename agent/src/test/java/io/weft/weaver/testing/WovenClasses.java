package io.weft.weaver.testing;

import io.weft.weaver.ClassHierarchy;
import io.weft.weaver.Weaver;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Weaves compiled classes and loads them in a fresh class loader, checking every woven class with
 * ASM's {@link CheckClassAdapter} (the first oracle) before the JVM verifier sees it (the
 * second: the loader defines classes with verification on, as surefire runs without
 * {@code -noverify}).
 */
public final class WovenClasses extends ClassLoader {
  private final Map<String, byte[]> classes;

  private WovenClasses(Map<String, byte[]> classes) {
    super(WovenClasses.class.getClassLoader());
    this.classes = classes;
  }

  /**
   * Weaves every class of {@code compiled} that needs it and returns a loader over the result.
   *
   * @param compiled class files by binary name
   * @return a loader defining the woven (or untouched) classes
   */
  public static WovenClasses weave(Map<String, byte[]> compiled) {
    Map<String, byte[]> woven = weaveAll(compiled);
    return new WovenClasses(woven);
  }

  /** Weaves every class that needs it, checking each with CheckClassAdapter. */
  public static Map<String, byte[]> weaveAll(Map<String, byte[]> compiled) {
    ClassHierarchy hierarchy =
        new ClassHierarchy() {
          @Override
          protected InputStream open(String internalName) {
            byte[] own = compiled.get(internalName.replace('/', '.'));
            if (own != null) {
              return new ByteArrayInputStream(own);
            }
            return ClassLoader.getSystemResourceAsStream(internalName + ".class");
          }
        };
    Weaver weaver = new Weaver(hierarchy);
    Map<String, byte[]> woven = new TreeMap<>();
    compiled.forEach(
        (name, bytes) -> {
          byte[] out = weaver.weave(bytes);
          woven.put(name, out != null ? out : bytes);
        });
    // The verifier oracle sees the frame classes too (at run time the woven class's static
    // initializer defines them), and checks each of them as well.
    Map<String, byte[]> context = new TreeMap<>(woven);
    woven.values().forEach(bytes -> context.putAll(EmbeddedFrames.of(bytes)));
    context.forEach(
        (name, bytes) -> {
          if (!bytes.equals(compiled.get(name))) {
            check(name, bytes, context);
          }
        });
    return woven;
  }

  /** Runs CheckClassAdapter's verifier over {@code bytes}; fails with its report. */
  public static void check(String name, byte[] bytes, Map<String, byte[]> context) {
    StringWriter report = new StringWriter();
    ClassLoader loader = new WovenClasses(context);
    CheckClassAdapter.verify(new ClassReader(bytes), loader, false, new PrintWriter(report));
    if (!report.toString().isEmpty()) {
      throw new AssertionError("CheckClassAdapter rejects woven " + name + ":\n" + report);
    }
  }

  /**
   * Returns the class file of {@code name} as woven.
   *
   * @param name a binary name
   * @return the bytes, or null
   */
  public byte[] bytes(String name) {
    return classes.get(name);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null && classes.containsKey(name)) {
        byte[] b = classes.get(name);
        c = defineClass(name, b, 0, b.length);
      }
      if (c == null) {
        return super.loadClass(name, resolve);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  public InputStream getResourceAsStream(String name) {
    if (name.endsWith(".class")) {
      byte[] b = classes.get(name.substring(0, name.length() - 6).replace('/', '.'));
      if (b != null) {
        return new ByteArrayInputStream(b);
      }
    }
    return super.getResourceAsStream(name);
  }
}
