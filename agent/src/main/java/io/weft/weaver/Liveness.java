package io.weft.weaver;

import java.util.BitSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which local variable slots are live (may be read before being written) after each
 * instruction: the classic backward dataflow. Only live locals are saved at a suspension
 * point, so a suspended frame keeps nothing the rest of the body will not read (Kotlin's rule:
 * a parked coroutine must not pin garbage).
 */
final class Liveness {
  private final BitSet[] liveOut;

  private Liveness(BitSet[] liveOut) {
    this.liveOut = liveOut;
  }

  /** Locals live right after instruction {@code index} runs. */
  BitSet liveOut(int index) {
    return liveOut[index];
  }

  /** Locals live right before instruction {@code index} runs. */
  BitSet liveIn(InsnList insns, int index) {
    BitSet in = (BitSet) liveOut[index].clone();
    transfer(insns.get(index), in);
    return in;
  }

  static Liveness of(InsnList insns, ControlFlow flow) {
    int size = insns.size();
    BitSet[] in = new BitSet[size];
    BitSet[] out = new BitSet[size];
    for (int i = 0; i < size; i++) {
      in[i] = new BitSet();
      out[i] = new BitSet();
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = size - 1; i >= 0; i--) {
        BitSet o = new BitSet();
        for (int s : flow.successors.get(i)) {
          o.or(in[s]);
        }
        BitSet n = (BitSet) o.clone();
        transfer(insns.get(i), n);
        if (!n.equals(in[i]) || !o.equals(out[i])) {
          in[i] = n;
          out[i] = o;
          changed = true;
        }
      }
    }
    return new Liveness(out);
  }

  /** live-in = use ∪ (live-out − def), applied in place to {@code live}. */
  private static void transfer(AbstractInsnNode insn, BitSet live) {
    int op = insn.getOpcode();
    if (insn instanceof VarInsnNode) {
      int var = ((VarInsnNode) insn).var;
      if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
        live.clear(var);
      } else {
        live.set(var); // xLOAD, and RET (which reads its return address)
      }
    } else if (insn instanceof IincInsnNode) {
      live.set(((IincInsnNode) insn).var);
    }
  }
}
