package io.weft.weaver;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Answers the type questions stack-map frames need (the common superclass of two classes) by
 * reading class files as bytes, never by loading classes: loading a class from inside a {@code
 * ClassFileTransformer} can define it before it is woven, or through the wrong loader (the classic
 * {@code ClassWriter.getCommonSuperClass} trap). Answers are cached per instance.
 */
public abstract class ClassHierarchy {
  private final Map<String, String[]> cache = new HashMap<>();

  /** Creates a hierarchy. */
  protected ClassHierarchy() {}

  /**
   * Returns the bytes of a class file, or null when it cannot be found.
   *
   * @param internalName the class's internal name ({@code java/lang/String})
   * @return the class file, or null
   * @throws IOException when reading fails
   */
  protected abstract InputStream open(String internalName) throws IOException;

  /**
   * Returns a hierarchy that reads class files as resources of {@code loader} (the JDK's own
   * classes when {@code loader} is null).
   *
   * @param loader where to find class files. May be null for the platform's classes only.
   * @return the hierarchy
   */
  public static ClassHierarchy of(ClassLoader loader) {
    return new ClassHierarchy() {
      @Override
      protected InputStream open(String internalName) {
        String resource = internalName + ".class";
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        return in != null ? in : ClassLoader.getSystemResourceAsStream(resource);
      }
    };
  }

  /**
   * Returns the internal name of the most specific common superclass of two classes, as
   * {@link org.objectweb.asm.ClassWriter#getCommonSuperClass} must: {@code java/lang/Object} when
   * either is an interface or cannot be found.
   *
   * @param type1 an internal class name
   * @param type2 another internal class name
   * @return their common superclass's internal name
   */
  public final String commonSuperClass(String type1, String type2) {
    if (type1.equals(type2)) {
      return type1;
    }
    if (isInterface(type1) || isInterface(type2)) {
      return "java/lang/Object";
    }
    for (String a = type1; a != null; a = superName(a)) {
      for (String b = type2; b != null; b = superName(b)) {
        if (a.equals(b)) {
          return a;
        }
      }
    }
    return "java/lang/Object";
  }

  private boolean isInterface(String type) {
    String[] info = info(type);
    return info != null && info[1] != null;
  }

  private String superName(String type) {
    String[] info = info(type);
    return info == null ? null : info[0];
  }

  /** {superName, non-null when an interface}, or null when the class file is not found. */
  private String[] info(String type) {
    if (cache.containsKey(type)) {
      return cache.get(type);
    }
    String[] info = null;
    try (InputStream in = open(type)) {
      if (in != null) {
        ClassReader reader = new ClassReader(in);
        boolean itf = (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0;
        info = new String[] {reader.getSuperName(), itf ? "interface" : null};
      }
    } catch (IOException | RuntimeException unreadable) {
      info = null; // treated as a class whose only known supertype is Object
    }
    cache.put(type, info);
    return info;
  }
}
