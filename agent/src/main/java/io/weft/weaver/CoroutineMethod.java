package io.weft.weaver;

import java.util.List;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What the analysis learned about one {@code @Coroutine} method: the plan the emitters follow.
 * Produced by {@link SuspendPointAnalyzer}, laid out by {@link FrameLayout}, emitted by {@link
 * StateMachineEmitter}, {@link EntryStubEmitter} and {@link FrameClassEmitter}.
 */
final class CoroutineMethod {
  /** A local variable saved across a suspension point (or passed to the frame at creation). */
  static final class SavedLocal {
    final int slot;
    final ValueType type;

    SavedLocal(int slot, ValueType type) {
      this.slot = slot;
      this.type = type;
    }
  }

  /** One suspension point: a call the woven body returns from and resumes at. */
  static final class SuspendPoint {
    /** The resume label: 1 for the first suspension point in code order. */
    final int label;
    final AbstractInsnNode call;
    final SuspendApi.Kind kind;
    final int line;
    /** Live locals, in slot order; NULL-typed ones are restored as null, not saved. */
    final List<SavedLocal> locals;
    /** Operand stack below the call's argument, bottom first; uninitialized values excluded. */
    final List<ValueType> stack;

    SuspendPoint(
        int label,
        AbstractInsnNode call,
        SuspendApi.Kind kind,
        int line,
        List<SavedLocal> locals,
        List<ValueType> stack) {
      this.label = label;
      this.call = call;
      this.kind = kind;
      this.line = line;
      this.locals = locals;
      this.stack = stack;
    }
  }

  /** An uninitialized {@code NEW X; DUP} that must move to just before its constructor call. */
  static final class Relocation {
    final AbstractInsnNode newInsn;
    final AbstractInsnNode dup;
    final AbstractInsnNode init;

    Relocation(AbstractInsnNode newInsn, AbstractInsnNode dup, AbstractInsnNode init) {
      this.newInsn = newInsn;
      this.dup = dup;
      this.init = init;
    }
  }

  final ClassContext owner;
  final MethodNode method;
  /** The method's own descriptor, kept by its entry stub (the node becomes the resume method). */
  final String descriptor;
  /** The method's own name, as stack traces and {@code Frame.location()} show it. */
  final String methodName;
  final SuspendApi.CoroutineType type;
  final String frameClass;
  /**
   * The resume method's name: the method's own, so stack traces name the user's method, with
   * a suffix only for a second woven overload of the same name.
   */
  final String resumeName;
  /** Parameters (and {@code this}) live at the start: the frame constructor's arguments. */
  final List<SavedLocal> entry;
  final List<SuspendPoint> points;
  final List<Relocation> relocations;
  final int firstLine;

  /**
   * The source line of each resume label, one char each (a class file's lines are u2): label 0
   * is the method's first line, label k the line of suspension point k; 0 where unknown.
   */
  String lineTable() {
    StringBuilder lines = new StringBuilder();
    lines.append((char) Math.max(firstLine, 0));
    for (SuspendPoint p : points) {
      lines.append((char) Math.max(p.line, 0));
    }
    return lines.toString();
  }

  CoroutineMethod(
      ClassContext owner,
      MethodNode method,
      SuspendApi.CoroutineType type,
      String frameClass,
      String resumeName,
      List<SavedLocal> entry,
      List<SuspendPoint> points,
      List<Relocation> relocations,
      int firstLine) {
    this.owner = owner;
    this.method = method;
    this.descriptor = method.desc;
    this.methodName = method.name;
    this.type = type;
    this.frameClass = frameClass;
    this.resumeName = resumeName;
    this.entry = entry;
    this.points = points;
    this.relocations = relocations;
    this.firstLine = firstLine;
  }
}
