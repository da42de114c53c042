package io.weft.weaver;

import io.weft.internal.Abi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The weaver: one class file in, one class file out. The {@code -javaagent} and the Maven plugin
 * are thin shells around {@link #weave(byte[])}.
 *
 * <p>Passes, each in its own class:
 *
 * <ol>
 *   <li>scan ({@link #weave}): find {@code @Coroutine} methods and async lambdas; refuse
 *       suspension calls anywhere else, and method references to them;
 *   <li>analyse ({@link SuspendPointAnalyzer}): check each coroutine, find its suspension points,
 *       the live locals and stack there and their types ({@link FrameTypes}, {@link Liveness});
 *   <li>lay out ({@link FrameLayout}): typed frame fields shared by all suspension points;
 *   <li>emit: the resume method ({@link StateMachineEmitter}), the frame class ({@link
 *       FrameClassEmitter}) and the entry stub ({@link EntryStubEmitter}).
 * </ol>
 *
 * <p>Methods that are not coroutines are copied byte for byte. The woven class carries {@code
 * @io.weft.internal.Woven(abi = VERSION)} and is never woven again; weaving is deterministic, so
 * the same input always gives the same bytes. Stack-map frames of rewritten methods are computed
 * from class files found through a {@link ClassHierarchy}, never by loading classes.
 */
public final class Weaver {
  private static final byte[] WEFT_PREFIX = "io/weft/".getBytes(StandardCharsets.US_ASCII);

  private final ClassHierarchy hierarchy;

  /**
   * Creates a weaver.
   *
   * @param hierarchy where to read the supertypes that stack-map frames need. Not null.
   */
  public Weaver(ClassHierarchy hierarchy) {
    this.hierarchy = java.util.Objects.requireNonNull(hierarchy, "hierarchy");
  }

  /**
   * Tells cheaply, without parsing, whether a class file can need weaving: only a class that
   * mentions {@code io/weft/} in its constant pool can hold a coroutine or a suspension call.
   *
   * @param classFile a class file. Not null.
   * @return false when {@link #weave(byte[])} would certainly return null
   */
  public static boolean isCandidate(byte[] classFile) {
    outer:
    for (int i = 0, last = classFile.length - WEFT_PREFIX.length; i <= last; i++) {
      for (int j = 0; j < WEFT_PREFIX.length; j++) {
        if (classFile[i + j] != WEFT_PREFIX[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Tells whether a class file was woven already (it carries {@code @io.weft.internal.Woven}).
   *
   * @param classFile a class file. Not null.
   * @return true when it carries the marker, whatever its ABI version
   */
  public static boolean isWoven(byte[] classFile) {
    return wovenAbi(new ClassReader(classFile)) >= 0;
  }

  /**
   * Weaves one class.
   *
   * @param classFile the class file. Not null.
   * @return the woven class file, or null when the class has no {@code @Coroutine} method or was
   *     woven already by this ABI version
   * @throws WeaveException when a method cannot be woven (the message names the class, the
   *     method, the source line and the fix), or the class was woven for another ABI version
   * @throws IllegalArgumentException when the class file is malformed or of a version ASM does
   *     not know
   */
  public byte[] weave(byte[] classFile) {
    if (!isCandidate(classFile)) {
      return null;
    }
    ClassReader reader = new ClassReader(classFile);
    int abi = wovenAbi(reader);
    if (abi == Abi.VERSION) {
      return null;
    }
    ClassNode node = new ClassNode();
    reader.accept(node, ClassReader.EXPAND_FRAMES);
    ClassContext owner = new ClassContext(node.name, node.sourceFile, node.access, node.version);
    if (abi >= 0) {
      throw new WeaveException(owner.binaryName(), null, node.sourceFile, -1,
          "the class was woven for Weft ABI " + abi + ", this weaver writes ABI " + Abi.VERSION
              + ".",
          "rebuild it from source with one Weft version (a clean build).");
    }
    Map<String, Woven> woven = new HashMap<>();
    List<Woven> inClassFileOrder = new ArrayList<>();
    java.util.Set<String> resumeNames = new java.util.HashSet<>();
    int ordinal = 0;
    for (MethodNode method : node.methods) {
      if (isCoroutine(method)) {
        String resumeName = resumeNames.add(method.name) ? method.name : method.name + "$" + ordinal;
        CoroutineMethod coroutine =
            SuspendPointAnalyzer.analyze(owner, method, ordinal++, resumeName);
        String key = method.name + method.desc; // before emit: the node becomes the resume method
        Woven w = emit(coroutine);
        woven.put(key, w);
        inClassFileOrder.add(w);
      } else {
        checkNoSuspension(owner, method);
      }
    }
    if (woven.isEmpty()) {
      return null;
    }
    ClassWriter writer = new HierarchyClassWriter(reader, hierarchy);
    reader.accept(new WeavingClassVisitor(writer, woven, inClassFileOrder), 0);
    return writer.toByteArray();
  }

  /** The output for one coroutine method. */
  private static final class Woven {
    final CoroutineMethod coroutine;
    final MethodNode resume;
    final byte[] frameClass;

    Woven(CoroutineMethod coroutine, MethodNode resume, byte[] frameClass) {
      this.coroutine = coroutine;
      this.resume = resume;
      this.frameClass = frameClass;
    }
  }

  private static Woven emit(CoroutineMethod coroutine) {
    FrameLayout layout = FrameLayout.of(coroutine);
    byte[] frameClass = FrameClassEmitter.emit(coroutine, layout);
    MethodNode resume = StateMachineEmitter.emit(coroutine);
    return new Woven(coroutine, resume, frameClass);
  }

  private static boolean isCoroutine(MethodNode method) {
    return hasAnnotation(method.invisibleAnnotations)
        || hasAnnotation(method.visibleAnnotations)
        || isAsyncLambda(method);
  }

  /**
   * Whether {@code method} is the body of an async lambda: javac's synthetic {@code lambda$...}
   * method (a lambda cannot carry {@code @Coroutine}), returning {@code Coro}, {@code Generator}
   * or {@code AsyncGenerator} (its functional interface returns one), and suspending or ending
   * with {@code done(...)}. A lambda that only returns a coroutine it gets from a call ({@code
   * () -> fetch(url)}, Python's {@code lambda: fetch(url)}) is an ordinary function and is left
   * alone.
   */
  static boolean isAsyncLambda(MethodNode method) {
    if ((method.access & Opcodes.ACC_SYNTHETIC) == 0 || !method.name.startsWith("lambda$")
        || SuspendApi.CoroutineType.ofReturn(method.desc) == null
        || method.instructions == null) {
      return false;
    }
    for (AbstractInsnNode insn : method.instructions) {
      if (SuspendApi.suspension(insn) != null || SuspendApi.isDone(insn)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasAnnotation(List<AnnotationNode> annotations) {
    if (annotations != null) {
      for (AnnotationNode a : annotations) {
        if (Abi.COROUTINE_DESC.equals(a.desc)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A method that is not a coroutine must not suspend, nor refer to the suspension methods. */
  private static void checkNoSuspension(ClassContext owner, MethodNode method) {
    if (method.instructions == null) {
      return;
    }
    for (AbstractInsnNode insn : method.instructions) {
      if (insn instanceof MethodInsnNode
          && insn.getOpcode() == Opcodes.INVOKESTATIC
          && SuspendApi.suspension(((MethodInsnNode) insn).owner, ((MethodInsnNode) insn).name)
              != null) {
        MethodInsnNode call = (MethodInsnNode) insn;
        String api = SuspendApi.display(call.owner, call.name);
        boolean lambda = method.name.startsWith("lambda$");
        throw owner.refuse(method, insn,
            api + (lambda
                ? " inside a lambda whose functional interface returns "
                    + org.objectweb.asm.Type.getReturnType(method.desc).getClassName()
                    + ": only a lambda returning Coro, Generator or AsyncGenerator is a coroutine."
                : " in a method that is not a @Coroutine method: only coroutines can suspend."),
            lambda
                ? "make the lambda's functional interface return Coro<T> (for example"
                    + " Supplier<Coro<T>> or Function<A, Coro<T>>; Generator<T> or"
                    + " AsyncGenerator<T> to yield), and end the lambda with return"
                    + " Asyncio.done(...)."
                : "annotate " + method.name + " with @io.weft.Coroutine and make it return"
                    + " Generator<T> (for yield), Coro<T> (for await) or AsyncGenerator<T> (for"
                    + " both).");
      }
      if (insn instanceof InvokeDynamicInsnNode) {
        for (Object arg : ((InvokeDynamicInsnNode) insn).bsmArgs) {
          if (arg instanceof Handle && SuspendApi.isApiHandle((Handle) arg)) {
            Handle h = (Handle) arg;
            throw owner.refuse(method, insn,
                "a method reference to " + SuspendApi.display(h.getOwner(), h.getName())
                    .replace('.', ':').replace(":", "::")
                    + ": a suspension point must be a direct call the weaver can see.",
                "call " + SuspendApi.display(h.getOwner(), h.getName())
                    + "(...) directly inside a @Coroutine method instead of passing a method"
                    + " reference.");
          }
        }
      }
    }
  }

  /** The ABI of the {@code @Woven} marker, or -1 when the class carries none. */
  private static int wovenAbi(ClassReader reader) {
    int[] abi = {-1};
    reader.accept(
        new ClassVisitor(Opcodes.ASM9) {
          @Override
          public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            if (!Abi.WOVEN_DESC.equals(descriptor)) {
              return null;
            }
            abi[0] = 0;
            return new AnnotationVisitor(Opcodes.ASM9) {
              @Override
              public void visit(String name, Object value) {
                if ("abi".equals(name) && value instanceof Integer) {
                  abi[0] = (Integer) value;
                }
              }
            };
          }
        },
        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return abi[0];
  }

  /**
   * Copies the class, replacing each coroutine's body with its entry stub, adding the resume
   * methods and the {@code @Woven} marker. Other methods reach the writer untouched, which copies
   * their bytes as they are.
   */
  private static final class WeavingClassVisitor extends ClassVisitor {
    private final Map<String, Woven> woven;
    private final List<Woven> inClassFileOrder;
    private final List<Woven> inOrder = new ArrayList<>();
    private boolean hasStaticInitializer;

    WeavingClassVisitor(ClassVisitor next, Map<String, Woven> woven, List<Woven> inClassFileOrder) {
      super(Opcodes.ASM9, next);
      this.woven = woven;
      this.inClassFileOrder = inClassFileOrder;
    }

    @Override
    public void visit(
        int version, int access, String name, String signature, String superName,
        String[] interfaces) {
      super.visit(version, access, name, signature, superName, interfaces);
      AnnotationVisitor marker = super.visitAnnotation(Abi.WOVEN_DESC, false);
      marker.visit("abi", Abi.VERSION);
      marker.visitEnd();
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
      if ("<clinit>".equals(name)) {
        hasStaticInitializer = true;
        return new MethodVisitor(Opcodes.ASM9, mv) {
          @Override
          public void visitCode() {
            super.visitCode();
            defineFrameClasses(mv);
          }
        };
      }
      Woven w = woven.get(name + descriptor);
      if (w == null) {
        return mv;
      }
      inOrder.add(w);
      return new StubMethodVisitor(mv, w);
    }

    @Override
    public void visitEnd() {
      if (!hasStaticInitializer) {
        MethodVisitor mv = super.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        defineFrameClasses(mv);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
      }
      for (Woven w : inOrder) {
        w.resume.accept(cv);
      }
      super.visitEnd();
    }

    /** The static initializer defines every frame class before anything else runs. */
    private void defineFrameClasses(MethodVisitor mv) {
      for (Woven w : inClassFileOrder) {
        EntryStubEmitter.emitDefine(mv, w.coroutine, w.frameClass);
      }
    }
  }

  /** Keeps a coroutine method's declaration (annotations, parameters) and swaps its code. */
  private static final class StubMethodVisitor extends MethodVisitor {
    private final Woven woven;

    StubMethodVisitor(MethodVisitor mv, Woven woven) {
      super(Opcodes.ASM9, mv);
      this.woven = woven;
    }

    @Override
    public void visitCode() {
      EntryStubEmitter.emit(mv, woven.coroutine);
      mv = null; // the original code is dropped: its instructions live on in the resume method
    }

    @Override
    public void visitEnd() {
      // EntryStubEmitter ended the method.
    }
  }
}
