package io.weft.weaver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.AnalyzerAdapter;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The exact verifier types of the locals and the operand stack before chosen instructions, as
 * the method's own stack-map frames give them. ASM's {@link AnalyzerAdapter} replays the frames
 * javac wrote (read with {@code EXPAND_FRAMES}) and interprets the instructions between them; no
 * type merge is ever computed, so no class is looked up. Types are in {@link
 * org.objectweb.asm.MethodVisitor#visitFrame} form: {@link Opcodes#INTEGER} and friends, an
 * internal name, or the {@link Label} of the {@code NEW} of an uninitialized object; long and
 * double take two entries, the second {@link Opcodes#TOP}.
 */
final class FrameTypes {
  /** A snapshot: locals and stack before one instruction. */
  static final class State {
    final List<Object> locals;
    final List<Object> stack;

    State(List<Object> locals, List<Object> stack) {
      this.locals = locals;
      this.stack = stack;
    }
  }

  private final Map<Integer, State> states;
  private final Map<Label, Integer> newByLabel;

  private FrameTypes(Map<Integer, State> states, Map<Label, Integer> newByLabel) {
    this.states = states;
    this.newByLabel = newByLabel;
  }

  /** The state before instruction {@code index}, or null when it is unreachable. */
  State before(int index) {
    return states.get(index);
  }

  /** The index of the {@code NEW} instruction that created uninitialized value {@code label}. */
  Integer newInsn(Label label) {
    return newByLabel.get(label);
  }

  /**
   * Records the state before every instruction {@code wanted} accepts.
   *
   * @param owner the internal name of the method's class
   * @param method a method read with {@code EXPAND_FRAMES}
   */
  static FrameTypes of(String owner, MethodNode method, IntPredicate wanted) {
    List<AbstractInsnNode> real = new ArrayList<>();
    for (AbstractInsnNode n : method.instructions) {
      if (n.getOpcode() >= 0) {
        real.add(n);
      }
    }
    Map<Integer, State> states = new HashMap<>();
    Map<Label, Integer> newByLabel = new HashMap<>();
    Recorder recorder = new Recorder(method, real, wanted, states, newByLabel);
    AnalyzerAdapter adapter =
        new AnalyzerAdapter(owner, method.access, method.name, method.desc, recorder);
    recorder.adapter = adapter;
    method.accept(adapter);
    return new FrameTypes(states, newByLabel);
  }

  /** Sees each instruction after the adapter and before it updates its state. */
  private static final class Recorder extends MethodVisitor {
    private final MethodNode method;
    private final List<AbstractInsnNode> real;
    private final IntPredicate wanted;
    private final Map<Integer, State> states;
    private final Map<Label, Integer> newByLabel;
    AnalyzerAdapter adapter;
    private int next;
    private int pendingNew = -1;

    Recorder(
        MethodNode method,
        List<AbstractInsnNode> real,
        IntPredicate wanted,
        Map<Integer, State> states,
        Map<Label, Integer> newByLabel) {
      super(Opcodes.ASM9);
      this.method = method;
      this.real = real;
      this.wanted = wanted;
      this.states = states;
      this.newByLabel = newByLabel;
    }

    private void insn() {
      if (adapter.stack != null && pendingNew >= 0) {
        Object top = adapter.stack.get(adapter.stack.size() - 1);
        if (top instanceof Label) {
          newByLabel.put((Label) top, pendingNew);
        }
      }
      pendingNew = -1;
      AbstractInsnNode node = real.get(next++);
      int index = method.instructions.indexOf(node);
      if (node.getOpcode() == Opcodes.NEW) {
        pendingNew = index;
      }
      if (adapter.locals != null && wanted.test(index)) {
        states.put(index, new State(new ArrayList<>(adapter.locals),
            new ArrayList<>(adapter.stack)));
      }
    }

    @Override
    public void visitInsn(int opcode) {
      insn();
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      insn();
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
      insn();
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      insn();
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      insn();
    }

    @Override
    public void visitMethodInsn(
        int opcode, String owner, String name, String descriptor, boolean isInterface) {
      insn();
    }

    @Override
    public void visitInvokeDynamicInsn(
        String name, String descriptor, Handle bootstrapMethodHandle, Object... arguments) {
      insn();
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      insn();
    }

    @Override
    public void visitLdcInsn(Object value) {
      insn();
    }

    @Override
    public void visitIincInsn(int var, int increment) {
      insn();
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      insn();
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      insn();
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
      insn();
    }
  }
}
