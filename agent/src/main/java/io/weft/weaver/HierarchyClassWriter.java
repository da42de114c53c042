package io.weft.weaver;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * A class writer computing stack-map frames of rewritten methods, whose type merges ask a {@link
 * ClassHierarchy} instead of loading classes (ASM's default {@code getCommonSuperClass} calls
 * {@code Class.forName}, which inside a {@code ClassFileTransformer} loads classes before they
 * are woven, through the wrong loader).
 */
final class HierarchyClassWriter extends ClassWriter {
  private final ClassHierarchy hierarchy;

  HierarchyClassWriter(ClassReader reader, ClassHierarchy hierarchy) {
    super(reader, ClassWriter.COMPUTE_FRAMES);
    this.hierarchy = hierarchy;
  }

  @Override
  protected String getCommonSuperClass(String type1, String type2) {
    return hierarchy.commonSuperClass(type1, type2);
  }

  @Override
  protected ClassLoader getClassLoader() {
    throw new IllegalStateException("the weaver must not load classes");
  }
}
