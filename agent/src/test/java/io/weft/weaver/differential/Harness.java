package io.weft.weaver.differential;

import io.weft.weaver.testing.InMemoryJavac;
import io.weft.CoroutineState;
import io.weft.Generator;
import io.weft.GeneratorExit;
import io.weft.StopIteration;
import io.weft.weaver.differential.Frag.Variant;
import io.weft.weaver.testing.WovenClasses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Compiles programs in batches (many programs per class, many classes per javac call), weaves
 * and loads the candidate variant, runs every program under its script in the candidate and the
 * reference variant, and compares the traces.
 */
final class Harness {
  private Harness() {}

  static final String PKG = "io.weft.weaver.differential.generated";
  static final int PER_CLASS = 10;
  private static final long TIMEOUT_SECONDS = 20;

  /** What happened to one program. */
  static final class Outcome {
    final Program program;
    final List<String> expected;
    final List<String> actual;
    /** Null when the traces are the same; otherwise what went wrong. */
    final String problem;
    final String notes;

    Outcome(
        Program program, List<String> expected, List<String> actual, String problem, String notes) {
      this.program = program;
      this.expected = expected;
      this.actual = actual;
      this.problem = problem;
      this.notes = notes;
    }
  }

  /** The outcomes of a run. */
  static final class Report {
    final long seed;
    final Variant candidate;
    final Variant reference;
    final List<Outcome> outcomes = new ArrayList<>();
    long prepareMillis;
    long javacMillis;
    long loadMillis;
    long runMillis;

    Report(long seed, Variant candidate, Variant reference) {
      this.seed = seed;
      this.candidate = candidate;
      this.reference = reference;
    }

    List<Outcome> failures() {
      List<Outcome> f = new ArrayList<>();
      for (Outcome o : outcomes) {
        if (o.problem != null) {
          f.add(o);
        }
      }
      return f;
    }

    String summary() {
      List<Outcome> f = failures();
      StringBuilder b =
          new StringBuilder()
              .append(outcomes.size()).append(" programs, seed ").append(seed).append(", ")
              .append(candidate).append(" vs ").append(reference).append(": ")
              .append(f.size()).append(" differ (compile, weave and load ").append(prepareMillis)
              .append(" ms [javac ").append(javacMillis).append(" ms + weave and load ")
              .append(loadMillis).append(" ms on ")
              .append(Runtime.getRuntime().availableProcessors()).append(" threads], run ").append(runMillis).append(" ms)");
      if (!f.isEmpty()) {
        b.append("\ndiffering programs:");
        int shown = 0;
        for (Outcome o : f) {
          if (shown++ == 200) {
            b.append(" ...");
            break;
          }
          b.append(' ').append(o.program.index);
        }
      }
      return b.toString();
    }

    /** The summary and the first {@code max} failures in full. */
    String describe(int max) {
      StringBuilder b = new StringBuilder(summary()).append('\n');
      int n = 0;
      for (Outcome o : failures()) {
        if (n++ == max) {
          break;
        }
        b.append(describe(o)).append('\n');
      }
      return b.toString();
    }

    String describe(Outcome o) {
      Program p = o.program;
      StringBuilder b = new StringBuilder();
      b.append("==================== program ").append(p.index).append(" (seed ").append(seed)
          .append(", ").append(p.mode).append(p.instance ? ", instance" : ", static")
          .append("): ").append(o.problem).append('\n');
      b.append("reproduce alone: -Dweft.differential.seed=").append(seed)
          .append(" -Dweft.differential.only=").append(p.index).append('\n');
      b.append("---- ").append(candidate).append(" source\n")
          .append(Program.classSource(PKG, "Repro", List.of(p), candidate));
      b.append("---- ").append(reference).append(" methods\n").append(p.render(reference));
      b.append("---- arguments: ").append(argumentsText(p)).append('\n');
      if (o.expected != null && o.actual != null) {
        b.append(traces(o.expected, o.actual));
      }
      if (o.notes != null && !o.notes.isEmpty()) {
        b.append("---- notes\n").append(o.notes);
      }
      return b.toString();
    }
  }

  private static String argumentsText(Program p) {
    StringBuilder b = new StringBuilder("(");
    Object[] args = p.arguments();
    for (int i = 0; i < args.length; i++) {
      b.append(i == 0 ? "" : ", ").append(Rt.repr(args[i]));
    }
    return b.append(')').toString();
  }

  /** Both traces side by side, the first difference marked. */
  static String traces(List<String> expected, List<String> actual) {
    int first = 0;
    while (first < expected.size()
        && first < actual.size()
        && expected.get(first).equals(actual.get(first))) {
      first++;
    }
    StringBuilder b = new StringBuilder();
    b.append("---- traces (reference | candidate), first difference at entry ").append(first)
        .append('\n');
    int n = Math.max(expected.size(), actual.size());
    int from = Math.max(0, first - 60);
    int to = Math.min(n, first + 40);
    if (from > 0) {
      b.append("   ... ").append(from).append(" equal entries\n");
    }
    for (int i = from; i < to; i++) {
      String e = i < expected.size() ? expected.get(i) : "";
      String a = i < actual.size() ? actual.get(i) : "";
      b.append(i == first ? "=> " : e.equals(a) ? "   " : " ! ");
      b.append(String.format("%4d  %-60s | %s%n", i, e, a));
    }
    if (to < n) {
      b.append("   ... ").append(n - to).append(" more entries\n");
    }
    return b.toString();
  }

  // ------------------------------------------------------------------ the pipeline

  /** Runs every program in the candidate and the reference variant and compares them. */
  static Report run(long seed, List<Program> programs, Variant candidate, Variant reference) {
    Report report = new Report(seed, candidate, reference);
    long t0 = System.nanoTime();
    List<List<Program>> groups = new ArrayList<>();
    for (int i = 0; i < programs.size(); i += PER_CLASS) {
      groups.add(new ArrayList<>(programs.subList(i, Math.min(programs.size(), i + PER_CLASS))));
    }
    // Chunks of classes are compiled, woven and loaded on all processors.
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Prepared all = new Prepared();
    try {
      List<Future<Prepared>> chunks = new ArrayList<>();
      for (int from = 0; from < groups.size(); from += GROUPS_PER_CHUNK) {
        List<Integer> ids = new ArrayList<>();
        for (int g = from; g < Math.min(groups.size(), from + GROUPS_PER_CHUNK); g++) {
          ids.add(g);
        }
        chunks.add(pool.submit(() -> prepare(ids, groups, candidate, reference)));
      }
      for (Future<Prepared> f : chunks) {
        all.add(f.get());
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdownNow();
    }
    long t1 = System.nanoTime();
    report.prepareMillis = (t1 - t0) / 1_000_000;
    report.javacMillis = all.javacNanos / 1_000_000;
    report.loadMillis = all.loadNanos / 1_000_000;
    Runner runner = new Runner();
    try {
      for (Program p : programs) {
        String compileError = all.compileErrors.get(p.index);
        if (compileError != null) {
          report.outcomes.add(
              new Outcome(p, null, null, "the generated program does not compile", compileError));
          continue;
        }
        String loadError = all.loadErrors.get(p.index);
        if (loadError != null) {
          report.outcomes.add(new Outcome(p, null, null, "weaving or loading failed", loadError));
          continue;
        }
        report.outcomes.add(
            runner.compare(
                p, candidate, all.candidate.get(p.index), reference, all.reference.get(p.index)));
      }
    } finally {
      runner.shutdown();
    }
    report.runMillis = (System.nanoTime() - t1) / 1_000_000;
    return report;
  }

  /** Classes per javac call (on one thread). */
  private static final int GROUPS_PER_CHUNK = 10;

  /** The loaded classes of some programs, or why they could not be. */
  private static final class Prepared {
    final Map<Integer, Class<?>> candidate = new TreeMap<>();
    final Map<Integer, Class<?>> reference = new TreeMap<>();
    final Map<Integer, String> compileErrors = new TreeMap<>();
    final Map<Integer, String> loadErrors = new TreeMap<>();
    long javacNanos;
    long loadNanos;

    void add(Prepared o) {
      candidate.putAll(o.candidate);
      reference.putAll(o.reference);
      compileErrors.putAll(o.compileErrors);
      loadErrors.putAll(o.loadErrors);
      javacNanos += o.javacNanos;
      loadNanos += o.loadNanos;
    }
  }

  /** Compiles, weaves and loads the classes of the given groups. */
  private static Prepared prepare(
      List<Integer> ids, List<List<Program>> groups, Variant candidate, Variant reference) {
    Prepared out = new Prepared();
    long t0 = System.nanoTime();
    Map<Integer, List<Program>> mine = new TreeMap<>();
    for (int g : ids) {
      mine.put(g, new ArrayList<>(groups.get(g)));
    }
    InMemoryJavac.Result compiled = compileGroups(mine, candidate, reference);
    if (!compiled.errors.isEmpty()) {
      // a generator bug: name the programs that do not compile, and compile the others again
      List<Program> programs = new ArrayList<>();
      mine.values().forEach(programs::addAll);
      out.compileErrors.putAll(isolateCompileErrors(programs, candidate, reference));
      if (out.compileErrors.isEmpty()) {
        throw new AssertionError(
            "javac failed on a batch but on no program alone: " + compiled.errors);
      }
      for (List<Program> group : mine.values()) {
        group.removeIf(p -> out.compileErrors.containsKey(p.index));
      }
      compiled = compileGroups(mine, candidate, reference);
      if (!compiled.errors.isEmpty()) {
        throw new AssertionError("javac still fails: " + compiled.errors);
      }
    }
    long t1 = System.nanoTime();
    out.javacNanos = t1 - t0;
    // When a class does not weave or load, each of its programs is tried alone (the class file
    // stripped of the other programs' methods).
    for (Map.Entry<Integer, List<Program>> e : mine.entrySet()) {
      int g = e.getKey();
      List<Program> group = e.getValue();
      if (group.isEmpty()) {
        continue;
      }
      Class<?> ref = load(reference, className(reference, g), compiled.classes, null);
      for (Program p : group) {
        out.reference.put(p.index, ref);
      }
      try {
        Class<?> c = load(candidate, className(candidate, g), compiled.classes, null);
        for (Program p : group) {
          out.candidate.put(p.index, c);
        }
      } catch (Throwable t) {
        for (Program p : group) {
          try {
            out.candidate.put(p.index, load(candidate, className(candidate, g), compiled.classes, p));
          } catch (Throwable alone) {
            out.loadErrors.put(p.index, stackTrace(alone));
          }
        }
      }
    }
    out.loadNanos = System.nanoTime() - t1;
    return out;
  }

  private static InMemoryJavac.Result compileGroups(
      Map<Integer, List<Program>> groups, Variant candidate, Variant reference) {
    Map<String, String> sources = new LinkedHashMap<>();
    groups.forEach(
        (g, programs) -> {
          if (!programs.isEmpty()) {
            sources.put(className(candidate, g), classSource(candidate, g, programs));
            sources.put(className(reference, g), classSource(reference, g, programs));
          }
        });
    return InMemoryJavac.tryCompile(sources, 17);
  }

  private static String className(Variant v, int group) {
    return PKG + "." + prefix(v) + group;
  }

  private static String aloneName(Variant v, Program p) {
    return PKG + "." + prefix(v) + "alone" + p.index;
  }

  private static String prefix(Variant v) {
    switch (v) {
      case WOVEN:
        return "W";
      case REFERENCE:
        return "R";
      case THREADED:
        return "T";
      default:
        return "M";
    }
  }

  private static String classSource(Variant v, int group, List<Program> programs) {
    return Program.classSource(PKG, prefix(v) + group, programs, v);
  }

  private static String classSource(Variant v, Program p) {
    return Program.classSource(PKG, prefix(v) + "alone" + p.index, List.of(p), v);
  }

  /** Compiles each program alone to name those that do not compile (a generator bug). */
  private static Map<Integer, String> isolateCompileErrors(
      List<Program> programs, Variant candidate, Variant reference) {
    Map<String, String> alone = new LinkedHashMap<>();
    for (Program p : programs) {
      alone.put(aloneName(candidate, p), classSource(candidate, p));
      alone.put(aloneName(reference, p), classSource(reference, p));
    }
    InMemoryJavac.Result r = InMemoryJavac.tryCompile(alone, 17);
    Map<Integer, String> errors = new TreeMap<>();
    for (Program p : programs) {
      for (Variant v : new Variant[] {candidate, reference}) {
        List<String> e = r.errors.get(aloneName(v, p));
        if (e != null) {
          errors.merge(p.index, v + ": " + String.join("\n", e) + "\n", String::concat);
        }
      }
    }
    return errors;
  }

  /**
   * Loads a class: woven through the shared harness for WOVEN, as compiled otherwise; with
   * {@code only} set, stripped of every method of the other programs first.
   */
  private static Class<?> load(
      Variant v, String name, Map<String, byte[]> classes, Program only) {
    Map<String, byte[]> own = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : classes.entrySet()) {
      if (e.getKey().equals(name) || e.getKey().startsWith(name + "$")) {
        own.put(e.getKey(), only == null ? e.getValue() : strip(e.getValue(), only));
      }
    }
    if (own.isEmpty()) {
      throw new AssertionError("no class file for " + name);
    }
    ClassLoader loader = v == Variant.WOVEN ? WovenClasses.weave(own) : new Plain(own);
    try {
      return Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** The class file without the methods of programs other than {@code p}. */
  static byte[] strip(byte[] classFile, Program p) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    String own = p.name();
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            boolean program = name.matches("p\\d+([_$].*)?");
            boolean mine =
                name.equals(own) || name.startsWith(own + "_") || name.startsWith(own + "$");
            if (program && !mine) {
              return null;
            }
            return super.visitMethod(access, name, descriptor, signature, exceptions);
          }
        },
        0);
    return writer.toByteArray();
  }

  /** Defines classes from bytes, untouched. */
  private static final class Plain extends ClassLoader {
    private final Map<String, byte[]> classes;

    Plain(Map<String, byte[]> classes) {
      super(Harness.class.getClassLoader());
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, b, 0, b.length);
    }
  }

  static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    String s = w.toString();
    return s.length() > 6000 ? s.substring(0, 6000) + "\n..." : s;
  }

  // ------------------------------------------------------------------ running

  /** Runs programs on a worker thread, so that a run that never ends can be stopped. */
  private static final class Runner {
    private ExecutorService worker;
    private volatile Thread thread;

    Runner() {
      start();
    }

    private void start() {
      worker =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "differential-runner");
                t.setDaemon(true);
                thread = t;
                return t;
              });
    }

    Outcome compare(Program p, Variant cv, Class<?> cc, Variant rv, Class<?> rc) {
      Future<Outcome> f = worker.submit(() -> compareNow(p, cv, cc, rv, rc));
      try {
        return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        Thread stuck = thread;
        String where = stackTrace(stuckTrace(stuck));
        stop(stuck);
        worker.shutdownNow();
        start();
        return new Outcome(
            p, null, null, "did not finish within " + TIMEOUT_SECONDS + " s", where);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      } catch (ExecutionException e) {
        return new Outcome(p, null, null, "the harness failed", stackTrace(e.getCause()));
      }
    }

    void shutdown() {
      worker.shutdownNow();
    }

    private static Throwable stuckTrace(Thread t) {
      Throwable where = new Throwable("where the run was");
      where.setStackTrace(t.getStackTrace());
      return where;
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread t) {
      try {
        t.stop();
      } catch (UnsupportedOperationException ignored) {
        // the thread stays stuck; it is a daemon
      }
    }
  }

  private static Outcome compareNow(
      Program p, Variant cv, Class<?> cc, Variant rv, Class<?> rc) {
    StringBuilder notes = new StringBuilder();
    List<String> expected =
        rv.plain() ? runPlain(p, rc, notes) : runGenerator(p, rc, notes, rv == Variant.THREADED);
    List<String> actual =
        cv.plain() ? runPlain(p, cc, notes) : runGenerator(p, cc, notes, cv == Variant.THREADED);
    String problem =
        expected.equals(actual) ? null : "the traces differ" + hint(p, expected, actual);
    return new Outcome(p, expected, actual, problem, notes.toString());
  }

  /** Where to look first: differences after close() of a delegating generator. */
  private static String hint(Program p, List<String> expected, List<String> actual) {
    int first = 0;
    while (first < expected.size()
        && first < actual.size()
        && expected.get(first).equals(actual.get(first))) {
      first++;
    }
    boolean closed = expected.subList(0, first).contains(">close()");
    boolean delegates = p.methods.size() > 1;
    return closed && delegates
        ? " after close() of a program that delegates (yieldFrom): compare with PEP 380's close"
        : "";
  }

  private static Method method(Program p, Class<?> c) throws NoSuchMethodException {
    Method m = c.getDeclaredMethod(p.name(), p.parameterTypes());
    m.setAccessible(true);
    return m;
  }

  private static Object target(Program p, Class<?> c) throws ReflectiveOperationException {
    return p.instance ? c.getDeclaredConstructor().newInstance() : null;
  }

  /** Records exceptions that are not part of any script, with where they came from. */
  private static void note(StringBuilder notes, String who, Throwable t) {
    if (t instanceof Boom
        || t instanceof Bang
        || t instanceof GeneratorExit
        || t instanceof StopIteration
        || t instanceof Ref.Abort) {
      return;
    }
    notes.append(who).append(": ").append(stackTrace(t)).append('\n');
  }

  /** Drives a generator (woven or threaded) through the program's script. */
  @SuppressWarnings("unchecked")
  static List<String> runGenerator(Program p, Class<?> c, StringBuilder notes, boolean threaded) {
    List<String> trace = Rt.begin();
    Script script = p.script();
    Generator<Object> g;
    try {
      Object created = method(p, c).invoke(target(p, c), p.arguments());
      g = (Generator<Object>) created;
    } catch (InvocationTargetException e) {
      Rt.event("X(on call):" + Rt.repr(e.getCause()));
      note(notes, "generator", e.getCause());
      return trace;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    try {
      Rt.event("state:" + g.state());
      loop:
      for (int i = 0; ; i++) {
        Script.Action a = script.get(i);
        Rt.event(">" + a);
        try {
          Object v;
          switch (a.kind) {
            case SEND:
              v = g.send(a.value);
              break;
            case THROW:
              v = g.throwIn(a.exception());
              break;
            case CLOSE:
              g.close();
              Rt.event("closed");
              break loop;
            case NEXT:
              if (!g.hasNext()) {
                Rt.event("end");
                break loop;
              }
              v = g.next();
              break;
            case NEXT_ONLY:
              try {
                v = g.next();
              } catch (NoSuchElementException end) {
                Rt.event("end");
                break loop;
              }
              break;
            default:
              if (!g.hasNext()) {
                Rt.event("end");
                break loop;
              }
              if (!g.hasNext()) {
                Rt.event("hasNext() changed its mind");
                break loop;
              }
              v = g.next();
          }
          Rt.event("Y:" + Rt.repr(v));
        } catch (StopIteration stop) {
          Rt.event("R:" + Rt.repr(stop.value()));
          break;
        } catch (Rt.TraceOverflow overflow) {
          throw overflow;
        } catch (Throwable t) {
          Rt.event("X:" + Rt.repr(t));
          note(notes, "generator", t);
          break;
        }
      }
      CoroutineState state = g.state();
      Rt.event("state:" + state);
      if (state == CoroutineState.CLOSED) {
        after(g, script);
      }
    } catch (Rt.TraceOverflow overflow) {
      Rt.event("trace overflow");
    } finally {
      if (threaded) {
        Thr.killAll();
      }
    }
    return trace;
  }

  /** What a finished generator does when used again. */
  private static void after(Generator<Object> g, Script script) {
    try {
      switch (script.after) {
        case SEND:
          g.send(null);
          Rt.event("post:yielded");
          break;
        case CLOSE:
          g.close();
          Rt.event("post:closed");
          break;
        case THROW:
          g.throwIn(script.afterThrow().exception());
          Rt.event("post:yielded");
          break;
        default:
          Rt.event("post:hasNext=" + g.hasNext());
      }
    } catch (StopIteration stop) {
      Rt.event("post:R:" + Rt.repr(stop.value()));
    } catch (Throwable t) {
      Rt.event("post:X:" + Rt.repr(t));
    }
    Rt.event("post:state:" + g.state());
  }

  /** Runs the plain (reference) variant: the body is a call; {@link Ref} plays the consumer. */
  static List<String> runPlain(Program p, Class<?> c, StringBuilder notes) {
    List<String> trace = Rt.begin();
    Script script = p.script();
    Rt.event("state:CREATED");
    Script.Action first = script.get(0);
    Rt.event(">" + first);
    boolean finished = true;
    try {
      if (first.kind == Script.Kind.THROW) {
        Rt.event("X:" + Rt.repr(first.exception()));
      } else if (first.kind == Script.Kind.CLOSE) {
        Rt.event("closed");
      } else {
        Ref.begin(script);
        Object result = null;
        Throwable raised = null;
        try {
          result = method(p, c).invoke(target(p, c), p.arguments());
        } catch (InvocationTargetException e) {
          raised = e.getCause();
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
        if (raised instanceof Rt.TraceOverflow) {
          throw (Rt.TraceOverflow) raised;
        }
        if (Ref.rootIgnoredExit()) {
          Rt.event("X:" + Rt.repr(new IllegalStateException("generator ignored GeneratorExit")));
          finished = false;
        } else if (Ref.rootClosing()) {
          if (raised == null || raised instanceof GeneratorExit) {
            Rt.event("closed");
          } else {
            Rt.event("X:" + Rt.repr(raised));
            note(notes, "reference", raised);
          }
        } else if (raised != null) {
          Rt.event("X:" + Rt.repr(raised));
          note(notes, "reference", raised);
        } else if (script.mode == Script.Mode.ITER && Ref.lastKind() != Script.Kind.THROW) {
          Rt.event("end");
        } else {
          Rt.event("R:" + Rt.repr(result));
        }
      }
      Rt.event("state:" + (finished ? "CLOSED" : "SUSPENDED"));
      if (finished) {
        switch (script.after) {
          case SEND:
            Rt.event("post:R:null");
            break;
          case CLOSE:
            Rt.event("post:closed");
            break;
          case THROW:
            Rt.event("post:X:" + Rt.repr(script.afterThrow().exception()));
            break;
          default:
            Rt.event("post:hasNext=false");
        }
        Rt.event("post:state:CLOSED");
      }
    } catch (Rt.TraceOverflow overflow) {
      Rt.event("trace overflow");
    } finally {
      Ref.end();
    }
    return trace;
  }
}
