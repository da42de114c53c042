package io.weft.weaver;

import io.weft.internal.Abi;
import io.weft.weaver.CoroutineMethod.SavedLocal;
import java.nio.charset.StandardCharsets;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Writes the new body of the {@code @Coroutine} method itself, which only builds the frame
 * (Python: calling a generator function runs nothing):
 *
 * <pre>
 * static Generator&lt;T&gt; m(int n, String s) {
 *     return indy FrameFactory.bootstrap[ABI, "C$$m$0", frame class bytes](n, s);
 * }
 * </pre>
 *
 * Only the arguments the body reads are passed. The frame class bytes travel inside the call
 * site, so the woven class file is self-contained.
 */
final class EntryStubEmitter {
  private EntryStubEmitter() {}

  static void emit(MethodVisitor mv, CoroutineMethod coroutine, byte[] frameClassBytes) {
    mv.visitCode();
    if (coroutine.firstLine > 0) {
      Label start = new Label();
      mv.visitLabel(start);
      mv.visitLineNumber(coroutine.firstLine, start);
    }
    Type[] params = new Type[coroutine.entry.size()];
    for (int i = 0; i < params.length; i++) {
      SavedLocal l = coroutine.entry.get(i);
      mv.visitVarInsn(l.type.loadOpcode(), l.slot);
      params[i] = l.type.parameterType();
    }
    String desc =
        Type.getMethodDescriptor(Type.getReturnType(coroutine.descriptor), params);
    Handle bootstrap = new Handle(Opcodes.H_INVOKESTATIC, Abi.FRAME_FACTORY, "bootstrap",
        Abi.BOOTSTRAP_DESC, false);
    mv.visitInvokeDynamicInsn(coroutine.method.name, desc, bootstrap, Abi.VERSION,
        coroutine.frameClass.replace('/', '.'),
        new String(frameClassBytes, StandardCharsets.ISO_8859_1));
    mv.visitInsn(Opcodes.ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }
}
