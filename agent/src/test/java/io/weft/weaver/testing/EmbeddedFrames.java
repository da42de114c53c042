package io.weft.weaver.testing;

import io.weft.internal.Abi;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The frame classes a woven class carries: the {@code ldc name; ldc bytes} pairs its static
 * initializer passes to {@code FrameFactory.define}.
 */
public final class EmbeddedFrames {
  private EmbeddedFrames() {}

  /** Frame class files by binary name. */
  public static Map<String, byte[]> of(byte[] woven) {
    ClassNode node = new ClassNode();
    new ClassReader(woven).accept(node, 0);
    Map<String, byte[]> frames = new TreeMap<>();
    for (MethodNode m : node.methods) {
      if (!m.name.equals("<clinit>")) {
        continue;
      }
      for (AbstractInsnNode insn : m.instructions) {
        if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).name.equals(Abi.DEFINE)
            && ((MethodInsnNode) insn).owner.equals(Abi.FRAME_FACTORY)) {
          LdcInsnNode bytes = (LdcInsnNode) insn.getPrevious();
          LdcInsnNode name = (LdcInsnNode) bytes.getPrevious();
          frames.put((String) name.cst,
              ((String) bytes.cst).getBytes(StandardCharsets.ISO_8859_1));
        }
      }
    }
    return frames;
  }
}
