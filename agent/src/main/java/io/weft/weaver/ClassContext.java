package io.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/** The facts about the class being woven that every pass needs, and its refusal messages. */
final class ClassContext {
  final String name;
  final String sourceFile;
  final boolean isInterface;
  final int version;

  ClassContext(String name, String sourceFile, int access, int version) {
    this.name = name;
    this.sourceFile = sourceFile;
    this.isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
    this.version = version;
  }

  String binaryName() {
    return name.replace('/', '.');
  }

  /** A refusal at {@code insn} (its source line is looked up), or at the method's first line. */
  WeaveException refuse(MethodNode method, AbstractInsnNode insn, String problem, String fix) {
    int line = insn != null ? lineOf(insn) : firstLine(method);
    return new WeaveException(binaryName(), method.name, sourceFile, line, problem, fix);
  }

  static int lineOf(AbstractInsnNode insn) {
    for (AbstractInsnNode n = insn; n != null; n = n.getPrevious()) {
      if (n instanceof LineNumberNode) {
        return ((LineNumberNode) n).line;
      }
    }
    return -1;
  }

  static int firstLine(MethodNode method) {
    if (method.instructions != null) {
      for (AbstractInsnNode n : method.instructions) {
        if (n instanceof LineNumberNode) {
          return ((LineNumberNode) n).line;
        }
      }
    }
    return -1;
  }
}
