package io.weft.weaver;

import io.weft.internal.Abi;
import io.weft.weaver.CoroutineMethod.SavedLocal;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Writes the frame class of one coroutine method: fields only, plus the constructor that stores
 * the live arguments and {@code resume()} that calls the woven body. It stands for:
 *
 * <pre>
 * final class C$$m$0 extends GeneratorFrame {
 *     public int i0; public Object r0;                 // one field per saved value, by sort
 *     C$$m$0(Object self, int n) { r0 = self; i0 = n; } // the entry layout
 *     protected Object resume() { return C.m(this); }  // the woven body
 *     public StackTraceElement location() {            // for Task.getStack()
 *         return site("p.C", "m", "C.java", "\\u0007\\u0009"); // line of label 0, 1, ...
 *     }
 * }
 * </pre>
 *
 * Written for Java 8 (version 52): the oldest class files the weaver accepts, and all the frame
 * class needs. It is defined at run time from these bytes by {@code FrameFactory}, in the woven
 * class's package and loader.
 */
final class FrameClassEmitter {
  private FrameClassEmitter() {}

  /** The descriptor of the frame constructor: the entry locals' storage types. */
  static String constructorDescriptor(List<SavedLocal> entry) {
    Type[] params = new Type[entry.size()];
    for (int i = 0; i < params.length; i++) {
      params[i] = entry.get(i).type.storageType();
    }
    return Type.getMethodDescriptor(Type.VOID_TYPE, params);
  }

  static byte[] emit(CoroutineMethod coroutine, FrameLayout layout) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    String superName = coroutine.type.frameSuperclass;
    cw.visit(Opcodes.V1_8, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC,
        coroutine.frameClass, null, superName, null);
    if (coroutine.owner.sourceFile != null) {
      cw.visitSource(coroutine.owner.sourceFile, null);
    }
    for (FrameLayout.Field f : layout.fields) {
      cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, f.name, f.descriptor(), null,
          null).visitEnd();
    }
    emitConstructor(cw, coroutine, superName);
    emitResume(cw, coroutine);
    emitLocation(cw, coroutine);
    cw.visitEnd();
    return cw.toByteArray();
  }

  private static void emitConstructor(ClassWriter cw, CoroutineMethod coroutine, String superName) {
    MethodVisitor mv = cw.visitMethod(0, "<init>", constructorDescriptor(coroutine.entry), null,
        null);
    mv.visitCode();
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
    List<FrameLayout.Field> fields = FrameLayout.fieldsFor(coroutine.entry, List.of());
    int slot = 1;
    for (int i = 0; i < coroutine.entry.size(); i++) {
      ValueType t = coroutine.entry.get(i).type;
      FrameLayout.Field f = fields.get(i);
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitVarInsn(t.loadOpcode(), slot);
      mv.visitFieldInsn(Opcodes.PUTFIELD, coroutine.frameClass, f.name, f.descriptor());
      slot += t.storageType().getSize();
    }
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /**
   * {@code public StackTraceElement location() { return site(class, method, file, lines); }}:
   * the constants of where this coroutine's labels are, for {@code Frame.site} to pick from.
   */
  private static void emitLocation(ClassWriter cw, CoroutineMethod coroutine) {
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, Abi.METHOD_LOCATION, Abi.LOCATION_DESC,
        null, null);
    mv.visitCode();
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitLdcInsn(coroutine.owner.binaryName());
    mv.visitLdcInsn(coroutine.methodName);
    if (coroutine.owner.sourceFile != null) {
      mv.visitLdcInsn(coroutine.owner.sourceFile);
    } else {
      mv.visitInsn(Opcodes.ACONST_NULL);
    }
    mv.visitLdcInsn(coroutine.lineTable());
    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, Abi.FRAME, Abi.METHOD_SITE, Abi.SITE_DESC, false);
    mv.visitInsn(Opcodes.ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  private static void emitResume(ClassWriter cw, CoroutineMethod coroutine) {
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PROTECTED | Opcodes.ACC_FINAL,
        Abi.METHOD_RESUME, "()Ljava/lang/Object;", null, null);
    mv.visitCode();
    if (coroutine.firstLine > 0) {
      Label start = new Label();
      mv.visitLabel(start);
      mv.visitLineNumber(coroutine.firstLine, start);
    }
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, coroutine.owner.name, coroutine.resumeName,
        StateMachineEmitter.RESUME_DESCRIPTOR, coroutine.owner.isInterface);
    mv.visitInsn(Opcodes.ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }
}
