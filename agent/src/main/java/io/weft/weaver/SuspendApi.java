package io.weft.weaver;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * The public methods the weaver rewrites: suspension points ({@code Generator.yield}, {@code
 * Generator.yieldFrom}, {@code Asyncio.await}, {@code Asyncio.yieldFrom}, {@code
 * AsyncGenerator.yield}) and the way a coroutine returns ({@code Generator.done}, {@code
 * Asyncio.done}, {@code AsyncGenerator.done}), and the coroutine types a {@code @Coroutine}
 * method (or an async lambda) may return.
 */
final class SuspendApi {
  private SuspendApi() {}

  static final String GENERATOR = "io/weft/Generator";
  static final String ASYNCIO = "io/weft/Asyncio";
  static final String CORO = "io/weft/Coro";
  static final String ASYNC_GENERATOR = "io/weft/AsyncGenerator";

  /** What a suspension point does; each kind returns its own marker from the woven body. */
  enum Kind {
    /** {@code Generator.yield(v)}, {@code AsyncGenerator.yield(v)}: hand v to the consumer. */
    YIELD(io.weft.internal.Abi.MARK_YIELD),
    /** {@code Generator.yieldFrom(g)}: run g in this chain until it returns. */
    DELEGATE(io.weft.internal.Abi.MARK_DELEGATE),
    /** {@code Asyncio.await(a)}: take a's value, suspending when it is not ready. */
    AWAIT(io.weft.internal.Abi.MARK_AWAIT);

    final String marker;

    Kind(String marker) {
      this.marker = marker;
    }
  }

  /** The kinds of coroutine a {@code @Coroutine} method may return. */
  enum CoroutineType {
    GENERATOR("L" + SuspendApi.GENERATOR + ";", io.weft.internal.Abi.GENERATOR_FRAME,
        SuspendApi.GENERATOR, "Generator"),
    CORO("L" + SuspendApi.CORO + ";", io.weft.internal.Abi.CORO_FRAME, SuspendApi.ASYNCIO,
        "Coro"),
    ASYNC_GENERATOR("L" + SuspendApi.ASYNC_GENERATOR + ";",
        io.weft.internal.Abi.ASYNC_GENERATOR_FRAME, SuspendApi.ASYNC_GENERATOR, "AsyncGenerator");

    final String descriptor;
    final String frameSuperclass;
    /** Owner of the {@code done} this kind returns with. */
    final String doneOwner;
    final String simpleName;

    CoroutineType(String descriptor, String frameSuperclass, String doneOwner, String simpleName) {
      this.descriptor = descriptor;
      this.frameSuperclass = frameSuperclass;
      this.doneOwner = doneOwner;
      this.simpleName = simpleName;
    }

    /**
     * Why the suspension call {@code owner.name} may not appear in a coroutine of this type, as
     * {@code {problem, fix}}, or null when it may.
     */
    String[] refusal(String owner, String name) {
      String api = display(owner, name);
      String problem = api + " in a @Coroutine method returning " + simpleName + ".";
      switch (this) {
        case GENERATOR:
          if (SuspendApi.ASYNCIO.equals(owner)) {
            return new String[] {problem, "await belongs in a method returning Coro<T> (or"
                + " AsyncGenerator<T>); a generator suspends with Generator.yield or"
                + " Generator.yieldFrom."};
          }
          if (SuspendApi.ASYNC_GENERATOR.equals(owner)) {
            return new String[] {problem, "a generator yields with Generator.yield;"
                + " AsyncGenerator.yield belongs in a method returning AsyncGenerator<T>."};
          }
          return null;
        case CORO:
          if (SuspendApi.ASYNCIO.equals(owner)) {
            return null;
          }
          return new String[] {problem, "a Coro suspends with Asyncio.await; " + api
              + " belongs in a method returning " + (SuspendApi.ASYNC_GENERATOR.equals(owner)
                  ? "AsyncGenerator<T>." : "Generator<T>.")};
        default:
          if (SuspendApi.GENERATOR.equals(owner) && "yieldFrom".equals(name)) {
            return new String[] {api + " in a @Coroutine method returning AsyncGenerator:"
                + " Python forbids yield from in an async generator.", "yield the other"
                + " source's values one by one: for (var it = source; Asyncio.await(it.hasNext());"
                + " ) AsyncGenerator.yield(it.next());"};
          }
          if (SuspendApi.GENERATOR.equals(owner)) {
            return new String[] {problem,
                "an async generator yields with AsyncGenerator.yield(value)."};
          }
          return null;
      }
    }

    static CoroutineType ofReturn(String methodDescriptor) {
      return ofDescriptor(Type.getReturnType(methodDescriptor).getDescriptor());
    }

    static CoroutineType ofDescriptor(String ret) {
      for (CoroutineType t : values()) {
        if (t.descriptor.equals(ret)) {
          return t;
        }
      }
      return null;
    }
  }

  /** The suspension kind of {@code insn}, or null when it is not a suspension point. */
  static Kind suspension(AbstractInsnNode insn) {
    if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
      return null;
    }
    MethodInsnNode call = (MethodInsnNode) insn;
    return suspension(call.owner, call.name);
  }

  static Kind suspension(String owner, String name) {
    if (ASYNC_GENERATOR.equals(owner)) {
      return "yield".equals(name) ? Kind.YIELD : null;
    }
    if (GENERATOR.equals(owner)) {
      if ("yield".equals(name)) {
        return Kind.YIELD;
      }
      if ("yieldFrom".equals(name)) {
        return Kind.DELEGATE;
      }
    } else if (ASYNCIO.equals(owner) && ("await".equals(name) || "yieldFrom".equals(name))) {
      return Kind.AWAIT;
    }
    return null;
  }

  /** Whether {@code insn} is {@code Generator.done(...)} or {@code Asyncio.done(...)}. */
  static boolean isDone(AbstractInsnNode insn) {
    if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
      return false;
    }
    MethodInsnNode call = (MethodInsnNode) insn;
    return isDone(call.owner, call.name);
  }

  static boolean isDone(String owner, String name) {
    return "done".equals(name)
        && (GENERATOR.equals(owner) || ASYNCIO.equals(owner) || ASYNC_GENERATOR.equals(owner));
  }

  /** Whether a method handle (a method reference's target) names a rewritten method. */
  static boolean isApiHandle(Handle handle) {
    return suspension(handle.getOwner(), handle.getName()) != null
        || isDone(handle.getOwner(), handle.getName());
  }

  /** {@code Generator.yield}, as the user wrote it. */
  static String display(String owner, String name) {
    return owner.substring(owner.lastIndexOf('/') + 1) + "." + name;
  }
}
