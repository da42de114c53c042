package io.weft.weaver;

import io.weft.weaver.CoroutineMethod.Relocation;
import io.weft.weaver.CoroutineMethod.SavedLocal;
import io.weft.weaver.CoroutineMethod.SuspendPoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Checks one {@code @Coroutine} method and plans its state machine: where it suspends, which
 * locals and stack values are live there and of what type, and which uninitialized objects must
 * be moved. Refusals are thrown as {@link WeaveException}.
 */
final class SuspendPointAnalyzer {
  private final ClassContext owner;
  private final MethodNode method;
  private final InsnList insns;

  private SuspendPointAnalyzer(ClassContext owner, MethodNode method) {
    this.owner = owner;
    this.method = method;
    this.insns = method.instructions;
  }

  static CoroutineMethod analyze(
      ClassContext owner, MethodNode method, int ordinal, String resumeName) {
    return new SuspendPointAnalyzer(owner, method).analyze(ordinal, resumeName);
  }

  private CoroutineMethod analyze(int ordinal, String resumeName) {
    SuspendApi.CoroutineType type = checkSignature();
    List<AbstractInsnNode> calls = new ArrayList<>();
    for (AbstractInsnNode insn : insns) {
      SuspendApi.Kind kind = SuspendApi.suspension(insn);
      if (kind != null) {
        MethodInsnNode call = (MethodInsnNode) insn;
        String[] refusal = type.refusal(call.owner, call.name);
        if (refusal != null) {
          throw owner.refuse(method, insn, refusal[0], refusal[1]);
        }
        calls.add(insn);
      } else if (SuspendApi.isDone(insn)) {
        MethodInsnNode call = (MethodInsnNode) insn;
        if (!call.owner.equals(type.doneOwner)) {
          throw owner.refuse(method, insn,
              SuspendApi.display(call.owner, call.name) + " in a method returning "
                  + type.simpleName + ".",
              "return " + SuspendApi.display(type.doneOwner, "done") + "(...).");
        }
      }
    }
    ControlFlow flow;
    Frame<SourceValue>[] sources;
    try {
      flow = ControlFlow.of(owner.name, method);
      sources = new Analyzer<>(new SourceInterpreter()).analyze(owner.name, method);
    } catch (AnalyzerException e) {
      throw owner.refuse(method, e.node, "its bytecode cannot be analysed: " + e.getMessage(),
          "compile it with javac; report the compiler that produced it if it was not javac.");
    }
    checkReturns(sources);
    checkMonitors(flow, calls);
    Liveness liveness = Liveness.of(insns, flow);
    FrameTypes types = FrameTypes.of(owner.name, method, i -> isInteresting(insns.get(i)));

    List<SuspendPoint> points = new ArrayList<>();
    Map<Label, Relocation> relocations = new LinkedHashMap<>();
    for (AbstractInsnNode call : calls) {
      int index = insns.indexOf(call);
      FrameTypes.State state = types.before(index);
      if (state == null || sources[index] == null) {
        // Unreachable (javac can emit a handler that only covers itself, with a frame): no
        // resume point, or its restore would make dead code reachable with nothing restored.
        // The class writer replaces unreachable code with NOP ... ATHROW.
        continue;
      }
      points.add(point(points.size() + 1, call, state, liveness.liveOut(index), types,
          relocations));
    }
    List<SavedLocal> entry = entryLocals(liveness);
    String frameClass =
        io.weft.internal.FrameNames.frameClass(owner.name, method.name, ordinal);
    return new CoroutineMethod(owner, method, type, frameClass, resumeName, entry, points,
        new ArrayList<>(relocations.values()), ClassContext.firstLine(method));
  }

  private static boolean isInteresting(AbstractInsnNode insn) {
    if (SuspendApi.suspension(insn) != null) {
      return true;
    }
    return insn.getOpcode() == Opcodes.INVOKESPECIAL
        && "<init>".equals(((MethodInsnNode) insn).name);
  }

  // ---------------------------------------------------------------- refusals

  private SuspendApi.CoroutineType checkSignature() {
    if ("<init>".equals(method.name) || "<clinit>".equals(method.name)) {
      throw owner.refuse(method, null,
          "@Coroutine on a " + ("<init>".equals(method.name) ? "constructor" : "static initializer")
              + ": an object cannot be half-built across a suspension.",
          "move the suspending code into a @Coroutine method the constructor's caller awaits.");
    }
    if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
      throw owner.refuse(method, null,
          "@Coroutine on " + ((method.access & Opcodes.ACC_NATIVE) != 0 ? "a native" : "an abstract")
              + " method: there is no body to weave.",
          "put @Coroutine on the implementing methods; declare the abstract one as returning"
              + " Generator<T> or Coro<T> without the annotation.");
    }
    if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
      throw owner.refuse(method, null,
          "a synchronized @Coroutine method: a monitor cannot be held across a suspension.",
          "remove synchronized; coroutines of one event loop never run at the same time, and"
              + " io.weft.sync.Lock guards state across suspensions.");
    }
    SuspendApi.CoroutineType type = SuspendApi.CoroutineType.ofReturn(method.desc);
    if (type == null) {
      throw owner.refuse(method, null,
          "@Coroutine on a method returning " + Type.getReturnType(method.desc).getClassName()
              + ".",
          "return io.weft.Generator<T> (a generator), io.weft.Coro<T> (an async coroutine) or"
              + " io.weft.AsyncGenerator<T> (an async generator).");
    }
    if (owner.version < Opcodes.V1_8) {
      throw owner.refuse(method, null,
          "class file version " + (owner.version & 0xFFFF) + " is older than Java 8 (52).",
          "compile with --release 8 or later.");
    }
    return type;
  }

  /**
   * Every {@code return} must return the value of a {@code done(...)} call, directly or through
   * a local (javac keeps it in one while a {@code finally} block runs), and that value may only
   * flow to a return.
   */
  private void checkReturns(Frame<SourceValue>[] sources) {
    for (int i = 0; i < insns.size(); i++) {
      AbstractInsnNode insn = insns.get(i);
      if (insn.getOpcode() == Opcodes.ARETURN && sources[i] != null) {
        SourceValue returned = sources[i].getStack(sources[i].getStackSize() - 1);
        if (!comesFromDone(returned, sources, new java.util.HashSet<>())) {
          throw owner.refuse(method, insn,
              "a @Coroutine method returns something other than done(...).",
              method.desc.endsWith(")L" + SuspendApi.ASYNC_GENERATOR + ";")
                  ? "end the path with return AsyncGenerator.done()."
                  : "end the path with return Generator.done(value) (or Asyncio.done(value) in a"
                      + " Coro).");
        }
      } else if (SuspendApi.isDone(insn)) {
        AbstractInsnNode next = nextReal(insn);
        int op = next == null ? -1 : next.getOpcode();
        if (op != Opcodes.ARETURN && op != Opcodes.GOTO && op != Opcodes.ASTORE
            && op != Opcodes.CHECKCAST) {
          throw owner.refuse(method, insn,
              "the value of done(...) is used for something other than return.",
              "write return Generator.done(value); as a statement of its own.");
        }
      }
    }
  }

  /** Whether every instruction that may have produced {@code value} is a done(...) call. */
  private boolean comesFromDone(
      SourceValue value, Frame<SourceValue>[] sources, java.util.Set<AbstractInsnNode> seen) {
    if (value.insns.isEmpty()) {
      return false; // a parameter
    }
    for (AbstractInsnNode source : value.insns) {
      if (!seen.add(source) || SuspendApi.isDone(source)) {
        continue;
      }
      int index = insns.indexOf(source);
      Frame<SourceValue> before = sources[index];
      if (before == null) {
        continue;
      }
      int op = source.getOpcode();
      SourceValue origin;
      if (op == Opcodes.ALOAD) {
        origin = before.getLocal(((org.objectweb.asm.tree.VarInsnNode) source).var);
      } else if (op == Opcodes.ASTORE || op == Opcodes.CHECKCAST || op == Opcodes.DUP) {
        origin = before.getStack(before.getStackSize() - 1);
      } else {
        return false;
      }
      if (!comesFromDone(origin, sources, seen)) {
        return false;
      }
    }
    return true;
  }

  private static AbstractInsnNode nextReal(AbstractInsnNode insn) {
    AbstractInsnNode n = insn.getNext();
    while (n != null && n.getOpcode() < 0) {
      n = n.getNext();
    }
    return n;
  }

  /** No suspension point may be reached while a monitor is held. */
  private void checkMonitors(ControlFlow flow, List<AbstractInsnNode> calls) {
    boolean any = false;
    for (AbstractInsnNode insn : insns) {
      any |= insn.getOpcode() == Opcodes.MONITORENTER;
    }
    if (!any || calls.isEmpty()) {
      return;
    }
    int[] depth = new int[insns.size()];
    java.util.Arrays.fill(depth, -1);
    Deque<Integer> work = new ArrayDeque<>();
    depth[0] = 0;
    work.add(0);
    while (!work.isEmpty()) {
      int i = work.poll();
      int op = insns.get(i).getOpcode();
      int after = depth[i] + (op == Opcodes.MONITORENTER ? 1 : op == Opcodes.MONITOREXIT ? -1 : 0);
      after = Math.max(after, 0);
      for (int s : flow.successors.get(i)) {
        if (after > depth[s]) {
          depth[s] = after;
          work.add(s);
        }
      }
    }
    for (AbstractInsnNode call : calls) {
      if (depth[insns.indexOf(call)] > 0) {
        MethodInsnNode m = (MethodInsnNode) call;
        throw owner.refuse(method, call,
            SuspendApi.display(m.owner, m.name) + " inside a synchronized block: a monitor"
                + " cannot be held across a suspension.",
            "use io.weft.sync.Lock (acquire/release around the suspension), or move the call"
                + " out of the synchronized block.");
      }
    }
  }

  // ---------------------------------------------------------------- planning

  private SuspendPoint point(
      int label,
      AbstractInsnNode call,
      FrameTypes.State state,
      BitSet live,
      FrameTypes types,
      Map<Label, Relocation> relocations) {
    List<SavedLocal> locals = new ArrayList<>();
    for (int slot = 0; slot < state.locals.size(); slot++) {
      Object entry = state.locals.get(slot);
      if (entry instanceof Label || entry == Opcodes.UNINITIALIZED_THIS) {
        throw owner.refuse(method, call,
            "an uninitialized object is held in a local variable across a suspension.",
            "compile with javac; this bytecode shape is not produced by it.");
      }
      ValueType t = restorable(ValueType.ofFrameEntry(entry));
      if (t != null && live.get(slot)) {
        locals.add(new SavedLocal(slot, t));
      }
    }
    List<ValueType> stack = new ArrayList<>();
    int argument = state.stack.size() - 1; // the call's single argument: handed out, not saved
    for (int i = 0; i < argument; i++) {
      Object entry = state.stack.get(i);
      if (entry instanceof Label) {
        relocate((Label) entry, call, types, relocations);
        continue;
      }
      if (entry == Opcodes.UNINITIALIZED_THIS) {
        throw owner.refuse(method, call, "a suspension inside a constructor call.",
            "compile with javac; this bytecode shape is not produced by it.");
      }
      ValueType t = restorable(ValueType.ofFrameEntry(entry));
      if (t != null) {
        stack.add(t); // TOP halves of long/double give null and are skipped
      }
    }
    return new SuspendPoint(label, call, SuspendApi.suspension(call), ClassContext.lineOf(call),
        locals, stack);
  }

  /**
   * The type to restore a saved value as. A value typed as a coroutine type may be the result
   * of a {@code done(r)} that javac keeps in a local while a {@code finally} block runs, and
   * after weaving that local holds {@code r} itself: it is restored without a cast. That is
   * valid bytecode because {@code Generator} and {@code Coro} are interfaces, which the verifier
   * treats as {@code Object}.
   */
  private static ValueType restorable(ValueType t) {
    if (t != null && t.sort == 'L' && SuspendApi.CoroutineType.ofDescriptor(
        "L" + t.internalName + ";") != null) {
      return ValueType.reference("java/lang/Object");
    }
    return t;
  }

  /** Plans moving {@code NEW X; DUP} of an uninitialized value to just before its {@code <init>}. */
  private void relocate(
      Label uninitialized, AbstractInsnNode call, FrameTypes types,
      Map<Label, Relocation> relocations) {
    if (relocations.containsKey(uninitialized)) {
      return;
    }
    Integer newIndex = types.newInsn(uninitialized);
    AbstractInsnNode newInsn = newIndex == null ? null : insns.get(newIndex);
    AbstractInsnNode dup = newInsn == null ? null : nextReal(newInsn);
    AbstractInsnNode init = null;
    for (int i = 0; i < insns.size() && dup != null; i++) {
      AbstractInsnNode insn = insns.get(i);
      if (insn.getOpcode() != Opcodes.INVOKESPECIAL
          || !"<init>".equals(((MethodInsnNode) insn).name)) {
        continue;
      }
      FrameTypes.State state = types.before(i);
      int argWords = Type.getArgumentsAndReturnSizes(((MethodInsnNode) insn).desc) >> 2;
      if (state != null && state.stack.get(state.stack.size() - argWords) == uninitialized) {
        if (init != null) {
          init = null; // two constructor calls for one NEW: not javac's shape
          break;
        }
        init = insn;
      }
    }
    if (newInsn == null || dup.getOpcode() != Opcodes.DUP || init == null) {
      throw owner.refuse(method, call,
          "a suspension inside the arguments of a constructor call, in a bytecode shape other"
              + " than javac's NEW, DUP, arguments, INVOKESPECIAL.",
          "evaluate the suspending argument into a local variable before the new expression.");
    }
    relocations.put(uninitialized, new Relocation(newInsn, dup, init));
  }

  /** Parameters (and {@code this}) that the body reads before writing. */
  private List<SavedLocal> entryLocals(Liveness liveness) {
    List<SavedLocal> entry = new ArrayList<>();
    int first = 0;
    while (first < insns.size() && insns.get(first).getOpcode() < 0) {
      first++;
    }
    BitSet live = first < insns.size() ? liveness.liveIn(insns, first) : new BitSet();
    int slot = 0;
    if ((method.access & Opcodes.ACC_STATIC) == 0) {
      if (live.get(0)) {
        entry.add(new SavedLocal(0, ValueType.reference(owner.name)));
      }
      slot = 1;
    }
    for (Type arg : Type.getArgumentTypes(method.desc)) {
      if (live.get(slot)) {
        entry.add(new SavedLocal(slot, ValueType.ofType(arg)));
      }
      slot += arg.getSize();
    }
    return entry;
  }
}
