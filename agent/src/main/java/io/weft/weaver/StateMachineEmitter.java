package io.weft.weaver;

import io.weft.internal.Abi;
import io.weft.weaver.CoroutineMethod.Relocation;
import io.weft.weaver.CoroutineMethod.SavedLocal;
import io.weft.weaver.CoroutineMethod.SuspendPoint;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Turns the body of a {@code @Coroutine} method into its resume method, in place: a static
 * synthetic method of the same class and name taking the frame, that is
 *
 * <pre>
 * static synthetic Object m(Frame frame) {
 *     C$$m$0 f = (C$$m$0) frame;
 *     switch (f.label) {
 *       case 0: restore arguments; goto start;
 *       case k: restore live locals and stack of suspension point k; goto resume_k;
 *       default: throw new IllegalStateException(...);
 *     }
 *   start:
 *     ... the original body, where each suspension point k has become
 *         f.value = arg; save stack and live locals; f.label = k; return Frame.YIELD;
 *       resume_k:
 *         f.resumeValue()          // the sent value, or the thrown-in exception raised here
 *     ... and each {@code return done(r)} has become {@code return r}
 * }
 * </pre>
 *
 * The original instructions keep their places, labels, line numbers and exception table, so
 * exceptions thrown in at a resume point are raised inside the user's own try blocks, and stack
 * traces name the user's lines. Stack-map frames are left to the class writer, which computes
 * them from scratch with {@link ClassHierarchy}.
 */
final class StateMachineEmitter {
  private final CoroutineMethod coroutine;
  private final MethodNode method;
  private final String frame;
  /** The local holding the frame: past every local of the original body. */
  private final int frameSlot;

  private StateMachineEmitter(CoroutineMethod coroutine) {
    this.coroutine = coroutine;
    this.method = coroutine.method;
    this.frame = coroutine.frameClass;
    this.frameSlot = Math.max(method.maxLocals, 1); // slot 0 is the incoming frame itself
  }

  /**
   * The resume method's descriptor. It names only {@code Frame}, never the frame class: the frame
   * class exists from the first call of the coroutine on, and reflection over the woven class
   * ({@code getDeclaredMethods}) must work before that.
   */
  static final String RESUME_DESCRIPTOR = "(L" + Abi.FRAME + ";)Ljava/lang/Object;";

  /** Rewrites {@code coroutine.method} into the resume method. */
  static MethodNode emit(CoroutineMethod coroutine) {
    return new StateMachineEmitter(coroutine).emit();
  }

  private MethodNode emit() {
    InsnList insns = method.instructions;
    for (AbstractInsnNode n : insns.toArray()) {
      if (n instanceof FrameNode) {
        insns.remove(n); // the writer computes every frame again
      }
    }
    for (Relocation r : coroutine.relocations) {
      relocate(r);
    }
    for (AbstractInsnNode n : insns.toArray()) {
      if (SuspendApi.isDone(n)) {
        // return done(r) -> return r; return done() -> return null
        if (Type.getArgumentTypes(((MethodInsnNode) n).desc).length == 0) {
          insns.set(n, new InsnNode(Opcodes.ACONST_NULL));
        } else {
          insns.remove(n);
        }
      }
    }
    LabelNode start = new LabelNode();
    LabelNode[] restores = new LabelNode[coroutine.points.size() + 1];
    restores[0] = new LabelNode();
    InsnList tail = new InsnList();
    for (SuspendPoint p : coroutine.points) {
      if (p.kind == SuspendApi.Kind.AWAIT) {
        sleepAwaitedAtOnce(p.call);
      }
      LabelNode resume = new LabelNode();
      restores[p.label] = new LabelNode();
      tail.add(restore(p, restores[p.label], resume));
      insns.insert(p.call, resumePoint(p, resume));
      insns.remove(p.call);
    }
    AbstractInsnNode firstOriginal = insns.getFirst();
    insns.insertBefore(firstOriginal, start);
    insns.insert(dispatch(restores, start));
    insns.add(tail);
    retarget();
    return method;
  }

  /**
   * {@code await(Asyncio.sleep(d))}, with the sleep call right before the await, becomes {@code
   * await(AwaitSupport.sleep(d))}: the coroutine {@code sleep} would return is awaited at once and
   * reachable by no other code, so for a delay of 0 the runtime can hand out one shared {@code
   * YieldOnce} instead of a new object (Python's {@code sleep(0)} is a bare yield). Anything else
   * between the two calls (a local variable, a cast) leaves the call as written.
   */
  private void sleepAwaitedAtOnce(AbstractInsnNode await) {
    AbstractInsnNode prev = await.getPrevious();
    if (prev instanceof MethodInsnNode) {
      MethodInsnNode call = (MethodInsnNode) prev;
      if (call.getOpcode() == Opcodes.INVOKESTATIC && SuspendApi.ASYNCIO.equals(call.owner)
          && "sleep".equals(call.name) && SLEEP_DESC.equals(call.desc)) {
        method.instructions.set(call, new MethodInsnNode(Opcodes.INVOKESTATIC,
            Abi.AWAIT_SUPPORT, Abi.METHOD_SLEEP, Abi.SLEEP_DESC, false));
      }
    }
  }

  /** Descriptor of {@code Asyncio.sleep(double)}. */
  private static final String SLEEP_DESC = "(D)L" + SuspendApi.CORO + ";";

  // ---------------------------------------------------------------- entry

  /**
   * <pre>
   * f = (C$$m$0) arg0; arg0 = null;
   * switch (f.label) { case 0: goto restore_0; case k: goto restore_k; default: throw }
   * restore_0: restore live arguments; goto start;
   * </pre>
   */
  private InsnList dispatch(LabelNode[] restores, LabelNode start) {
    InsnList out = new InsnList();
    out.add(new VarInsnNode(Opcodes.ALOAD, 0));
    out.add(new TypeInsnNode(Opcodes.CHECKCAST, frame));
    out.add(new VarInsnNode(Opcodes.ASTORE, frameSlot));
    out.add(new InsnNode(Opcodes.ACONST_NULL)); // slot 0 is the body's again: forget the frame
    out.add(new VarInsnNode(Opcodes.ASTORE, 0));
    LabelNode bad = new LabelNode();
    out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
    out.add(new FieldInsnNode(Opcodes.GETFIELD, frame, Abi.FIELD_LABEL, "I"));
    out.add(new TableSwitchInsnNode(0, restores.length - 1, bad, restores));
    out.add(bad);
    out.add(new TypeInsnNode(Opcodes.NEW, "java/lang/IllegalStateException"));
    out.add(new InsnNode(Opcodes.DUP));
    out.add(new LdcInsnNode("resumed at an unknown label: " + coroutine.owner.binaryName() + "."
        + method.name + " was woven by another Weft version"));
    out.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException",
        "<init>", "(Ljava/lang/String;)V", false));
    out.add(new InsnNode(Opcodes.ATHROW));
    out.add(restores[0]);
    List<FrameLayout.Field> fields = FrameLayout.fieldsFor(coroutine.entry, List.of());
    for (int i = 0; i < coroutine.entry.size(); i++) {
      SavedLocal l = coroutine.entry.get(i);
      loadField(out, fields.get(i), l.type);
      out.add(new VarInsnNode(l.type.storeOpcode(), l.slot));
    }
    out.add(new JumpInsnNode(Opcodes.GOTO, start));
    return out;
  }

  // ---------------------------------------------------------------- suspension points

  /**
   * What replaces the suspension call. For {@code Generator.yield(v)} / {@code yieldFrom(g)}:
   *
   * <pre>
   * // stack: ..., s0..sn, v
   * f.value = v; f.field(sn) = sn; ... f.field(s0) = s0; save live locals;
   * f.label = k; return Frame.YIELD;
   * resume_k:                   // reached from restore_k with s0..sn back on the stack
   * f.resumeValue()             // stack: ..., s0..sn, sent
   * </pre>
   *
   * {@code Asyncio.await(a)} first tries the fast path: {@code if (AwaitSupport.isReady(a))
   * AwaitSupport.readyValue(a)} without suspending.
   */
  private InsnList resumePoint(SuspendPoint p, LabelNode resume) {
    InsnList out = new InsnList();
    LabelNode after = null;
    if (p.kind == SuspendApi.Kind.AWAIT) {
      LabelNode suspend = new LabelNode();
      after = new LabelNode();
      out.add(new InsnNode(Opcodes.DUP));
      out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Abi.AWAIT_SUPPORT, "isReady",
          "(Ljava/lang/Object;)Z", false));
      out.add(new JumpInsnNode(Opcodes.IFEQ, suspend));
      out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Abi.AWAIT_SUPPORT, "readyValue",
          "(Ljava/lang/Object;)Ljava/lang/Object;", false));
      out.add(new JumpInsnNode(Opcodes.GOTO, after));
      out.add(suspend);
    }
    // f.value = v
    out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
    out.add(new InsnNode(Opcodes.SWAP));
    out.add(new FieldInsnNode(Opcodes.PUTFIELD, frame, Abi.FIELD_VALUE, "Ljava/lang/Object;"));
    List<FrameLayout.Field> fields = FrameLayout.fieldsFor(p.locals, p.stack);
    int base = p.locals.size();
    for (int j = p.stack.size() - 1; j >= 0; j--) {
      FrameLayout.Field f = fields.get(base + j);
      ValueType t = p.stack.get(j);
      if (f == null) {
        out.add(new InsnNode(Opcodes.POP)); // a known null: pushed again on restore
      } else if (t.isWide()) {
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot)); // stack: ..., w, f
        out.add(new InsnNode(Opcodes.DUP_X2)); // stack: ..., f, w, f
        out.add(new InsnNode(Opcodes.POP)); // stack: ..., f, w
        out.add(new FieldInsnNode(Opcodes.PUTFIELD, frame, f.name, f.descriptor()));
      } else {
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(new InsnNode(Opcodes.SWAP));
        out.add(new FieldInsnNode(Opcodes.PUTFIELD, frame, f.name, f.descriptor()));
      }
    }
    for (int i = 0; i < p.locals.size(); i++) {
      FrameLayout.Field f = fields.get(i);
      if (f != null) {
        SavedLocal l = p.locals.get(i);
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(new VarInsnNode(l.type.loadOpcode(), l.slot));
        out.add(new FieldInsnNode(Opcodes.PUTFIELD, frame, f.name, f.descriptor()));
      }
    }
    out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
    out.add(intConstant(p.label));
    out.add(new FieldInsnNode(Opcodes.PUTFIELD, frame, Abi.FIELD_LABEL, "I"));
    out.add(new FieldInsnNode(Opcodes.GETSTATIC, Abi.FRAME, p.kind.marker, "Ljava/lang/Object;"));
    out.add(new InsnNode(Opcodes.ARETURN));
    out.add(resume);
    out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
    out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, frame, Abi.METHOD_RESUME_VALUE,
        "()Ljava/lang/Object;", false));
    if (after != null) {
      out.add(after);
    }
    return out;
  }

  /**
   * <pre>
   * restore_k: (line of suspension point k)
   *   local = (T) f.field; f.field = null;   // for each live local; known nulls become null
   *   push (T) f.field; f.field = null;      // for each saved stack value, bottom first
   *   goto resume_k;
   * </pre>
   * Reference fields are cleared as they are read, so a running or finished frame pins
   * nothing it saved.
   */
  private InsnList restore(SuspendPoint p, LabelNode label, LabelNode resume) {
    InsnList out = new InsnList();
    out.add(label);
    if (p.line > 0) {
      out.add(new LineNumberNode(p.line, label));
    }
    List<FrameLayout.Field> fields = FrameLayout.fieldsFor(p.locals, p.stack);
    for (int i = 0; i < p.locals.size(); i++) {
      SavedLocal l = p.locals.get(i);
      FrameLayout.Field f = fields.get(i);
      if (f == null) {
        out.add(new InsnNode(Opcodes.ACONST_NULL));
        out.add(new VarInsnNode(Opcodes.ASTORE, l.slot));
      } else {
        loadField(out, f, l.type);
        out.add(new VarInsnNode(l.type.storeOpcode(), l.slot));
      }
    }
    int base = p.locals.size();
    for (int j = 0; j < p.stack.size(); j++) {
      FrameLayout.Field f = fields.get(base + j);
      if (f == null) {
        out.add(new InsnNode(Opcodes.ACONST_NULL));
      } else {
        loadField(out, f, p.stack.get(j));
      }
    }
    out.add(new JumpInsnNode(Opcodes.GOTO, resume));
    return out;
  }

  /** Pushes {@code (T) f.field}, clearing a reference field behind it. */
  private void loadField(InsnList out, FrameLayout.Field f, ValueType type) {
    out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
    out.add(new FieldInsnNode(Opcodes.GETFIELD, frame, f.name, f.descriptor()));
    if (type.needsCast()) {
      out.add(new TypeInsnNode(Opcodes.CHECKCAST, type.internalName));
    }
    if (type.sort == 'L') {
      out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
      out.add(new InsnNode(Opcodes.ACONST_NULL));
      out.add(new FieldInsnNode(Opcodes.PUTFIELD, frame, f.name, f.descriptor()));
    }
  }

  // ---------------------------------------------------------------- uninitialized objects

  /**
   * {@code NEW X; DUP; args...; INVOKESPECIAL X.<init>} becomes {@code args...; store args in
   * temporaries; NEW X; DUP; load args; INVOKESPECIAL X.<init>}: an uninitialized object cannot
   * be saved across a suspension inside the arguments, so it is only created once they are all
   * evaluated (EA Async, javaflow and Kotlin do the same).
   */
  private void relocate(Relocation r) {
    InsnList insns = method.instructions;
    String type = ((TypeInsnNode) r.newInsn).desc;
    insns.remove(r.newInsn);
    insns.remove(r.dup);
    Type[] args = Type.getArgumentTypes(((MethodInsnNode) r.init).desc);
    int[] slots = new int[args.length];
    int next = frameSlot + 1;
    for (int i = 0; i < args.length; i++) {
      slots[i] = next;
      next += args[i].getSize();
    }
    InsnList before = new InsnList();
    for (int i = args.length - 1; i >= 0; i--) {
      before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
    }
    before.add(new TypeInsnNode(Opcodes.NEW, type));
    before.add(new InsnNode(Opcodes.DUP));
    for (int i = 0; i < args.length; i++) {
      before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
    }
    insns.insertBefore(r.init, before);
  }

  // ---------------------------------------------------------------- the method itself

  /** Makes the rewritten node the synthetic static resume method taking the frame. */
  private void retarget() {
    boolean itf = coroutine.owner.isInterface;
    method.access = Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC
        | (itf ? Opcodes.ACC_PUBLIC : 0) | (method.access & Opcodes.ACC_STRICT);
    method.name = coroutine.resumeName;
    method.desc = RESUME_DESCRIPTOR;
    method.signature = null;
    method.parameters = null;
    method.visibleAnnotations = null;
    method.invisibleAnnotations = null;
    method.visibleTypeAnnotations = null;
    method.invisibleTypeAnnotations = null;
    method.visibleParameterAnnotations = null;
    method.invisibleParameterAnnotations = null;
    method.visibleAnnotableParameterCount = 0;
    method.invisibleAnnotableParameterCount = 0;
    method.annotationDefault = null;
    method.attrs = null;
  }

  private static AbstractInsnNode intConstant(int value) {
    if (value <= 5) {
      return new InsnNode(Opcodes.ICONST_0 + value);
    }
    if (value <= Byte.MAX_VALUE) {
      return new IntInsnNode(Opcodes.BIPUSH, value);
    }
    if (value <= Short.MAX_VALUE) {
      return new IntInsnNode(Opcodes.SIPUSH, value);
    }
    return new LdcInsnNode(value);
  }
}
