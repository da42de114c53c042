package io.weft.weaver;

import io.weft.internal.Abi;
import io.weft.weaver.CoroutineMethod.SavedLocal;
import java.nio.charset.StandardCharsets;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes the new body of the {@code @Coroutine} method itself, which only builds the frame
 * (Python: calling a generator function runs nothing), and the static-initializer call that
 * defines the frame class:
 *
 * <pre>
 * static { FrameFactory.define(MethodHandles.lookup(), ABI, "C$$m$0", "&lt;frame class bytes&gt;"); }
 * static Generator&lt;T&gt; m(int n, String s) { return new C$$m$0(n, s); }
 * </pre>
 *
 * Only the arguments the body reads are passed. The frame class bytes travel inside the woven
 * class as a string constant, so the woven class file is self-contained.
 */
final class EntryStubEmitter {
  private EntryStubEmitter() {}

  static void emit(MethodVisitor mv, CoroutineMethod coroutine) {
    mv.visitCode();
    if (coroutine.firstLine > 0) {
      Label start = new Label();
      mv.visitLabel(start);
      mv.visitLineNumber(coroutine.firstLine, start);
    }
    mv.visitTypeInsn(Opcodes.NEW, coroutine.frameClass);
    mv.visitInsn(Opcodes.DUP);
    for (SavedLocal l : coroutine.entry) {
      mv.visitVarInsn(l.type.loadOpcode(), l.slot);
    }
    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, coroutine.frameClass, "<init>",
        FrameClassEmitter.constructorDescriptor(coroutine.entry), false);
    mv.visitInsn(Opcodes.ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /** {@code FrameFactory.define(MethodHandles.lookup(), ABI, "C$$m$0", "<bytes>");} */
  static void emitDefine(MethodVisitor mv, CoroutineMethod coroutine, byte[] frameClassBytes) {
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
        "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
    mv.visitLdcInsn(Abi.VERSION);
    mv.visitLdcInsn(coroutine.frameClass.replace('/', '.'));
    mv.visitLdcInsn(new String(frameClassBytes, StandardCharsets.ISO_8859_1));
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, Abi.FRAME_FACTORY, Abi.DEFINE, Abi.DEFINE_DESC,
        false);
  }
}
