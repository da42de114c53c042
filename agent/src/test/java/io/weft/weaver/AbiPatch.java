package io.weft.weaver;

import io.weft.internal.Abi;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/** Rewrites the ABI number in a woven class's marker, to simulate a class from another release. */
final class AbiPatch {
  private AbiPatch() {}

  static byte[] withAbi(byte[] woven, int abi) {
    ClassReader reader = new ClassReader(woven);
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        AnnotationVisitor av = super.visitAnnotation(descriptor, visible);
        if (!Abi.WOVEN_DESC.equals(descriptor)) {
          return av;
        }
        return new AnnotationVisitor(Opcodes.ASM9, av) {
          @Override
          public void visit(String name, Object value) {
            super.visit(name, "abi".equals(name) ? abi : value);
          }
        };
      }
    }, 0);
    return writer.toByteArray();
  }
}
