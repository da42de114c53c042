package io.weft.weaver.differential;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates random, reproducible programs: small generator methods mixing loops, branches,
 * switches, try/catch/finally, try-with-resources, locals and parameters of every kind, and
 * suspension points inside expressions, constructor arguments, array stores, string
 * concatenations, switch expressions and finally blocks.
 *
 * <p>Every program compiles with javac {@code --release 17}: names are unique per program,
 * locals are initialised where declared, every loop is bounded, and reachability follows the
 * rules of JLS 14.22 (no statement after one that cannot complete normally; a method ends with a
 * {@code return} only when its end is reachable).
 */
final class ProgramGenerator {
  /** The types of values in programs. */
  enum T {
    INT("int", int.class),
    LONG("long", long.class),
    DOUBLE("double", double.class),
    FLOAT("float", float.class),
    BOOLEAN("boolean", boolean.class),
    CHAR("char", char.class),
    STRING("String", String.class),
    INTS("int[]", int[].class),
    OBJECT("Object", Object.class),
    /** A try-with-resources variable ({@link Res}); read as an Object. */
    RES("Res", Res.class),
    /** A catch parameter; read as an Object. */
    EXC("Throwable", Throwable.class);

    final String java;
    final Class<?> clazz;

    T(String java, Class<?> clazz) {
      this.java = java;
      this.clazz = clazz;
    }
  }

  /** A variable in scope. */
  static final class Var {
    final String name;
    final T type;
    final boolean assignable;

    Var(String name, T type, boolean assignable) {
      this.name = name;
      this.type = type;
      this.assignable = assignable;
    }
  }

  /** A statement that {@code break}/{@code continue} may target, or a barrier they may not cross. */
  private static final class Target {
    final String label;
    final boolean loop;
    final boolean barrier;
    boolean breakSeen;
    boolean continueSeen;

    Target(String label, boolean loop, boolean barrier) {
      this.label = label;
      this.loop = loop;
      this.barrier = barrier;
    }
  }

  /** A generated statement and whether it can complete normally (JLS 14.22). */
  private static final class St {
    final Frag code;
    final boolean completes;

    St(Frag code, boolean completes) {
      this.code = code;
      this.completes = completes;
    }
  }

  /** A helper generator the current method may delegate to. */
  private static final class Helper {
    final String name;
    final T ret;
    final List<T> params;
    final boolean isStatic;

    Helper(String name, T ret, List<T> params, boolean isStatic) {
      this.name = name;
      this.ret = ret;
      this.params = params;
      this.isStatic = isStatic;
    }
  }

  private static final T[] VAR_TYPES = {
    T.INT, T.INT, T.INT, T.INT, T.INT, T.LONG, T.LONG, T.DOUBLE, T.DOUBLE, T.FLOAT, T.BOOLEAN,
    T.BOOLEAN, T.CHAR, T.STRING, T.STRING, T.STRING, T.INTS, T.OBJECT, T.OBJECT, T.OBJECT
  };

  private static final T[] PARAM_TYPES = {
    T.INT, T.INT, T.LONG, T.DOUBLE, T.FLOAT, T.BOOLEAN, T.CHAR, T.STRING, T.INTS, T.OBJECT
  };

  private static final T[] VALUE_TYPES = {
    T.INT, T.INT, T.LONG, T.DOUBLE, T.FLOAT, T.BOOLEAN, T.CHAR, T.STRING, T.STRING
  };

  private Random r;
  private Script.Mode mode;
  private double pYield;
  private int counter;
  private final Deque<List<Var>> scopes = new ArrayDeque<>();
  private final Deque<Target> targets = new ArrayDeque<>();
  private List<Helper> callable;
  private boolean curStatic;
  private T ret;
  private int noReturn;
  private int budget;

  /**
   * Generates program {@code index} from {@code seed}: the same pair gives the same program.
   *
   * @param index the program's number (its method is {@code p<index>})
   * @param seed the run's seed
   * @return the program
   */
  Program generate(int index, long seed) {
    long programSeed = mix(seed, index);
    r = new Random(programSeed);
    counter = 0;
    boolean instance = r.nextInt(4) == 0;
    int m = r.nextInt(100);
    mode = m < 70 ? Script.Mode.VALUES : m < 85 ? Script.Mode.NULLS : Script.Mode.ITER;
    double[] ps = {0.12, 0.22, 0.35};
    pYield = ps[r.nextInt(ps.length)];
    Program program = new Program(index, programSeed, instance, mode);
    List<Helper> helpers = new ArrayList<>();
    int nHelpers = r.nextInt(10) < 3 ? 0 : 1 + r.nextInt(2);
    for (int j = 0; j < nHelpers; j++) {
      T[] rets = {T.INT, T.STRING, T.OBJECT};
      T hret = rets[r.nextInt(rets.length)];
      boolean hstatic = !instance || r.nextBoolean();
      List<Var> params = params(r.nextInt(4));
      String name = program.name() + "_h" + j;
      List<Helper> canCall = new ArrayList<>();
      for (Helper h : helpers) {
        if (h.isStatic || !hstatic) {
          canCall.add(h);
        }
      }
      Program.Method method = new Program.Method(name, hstatic, access(), params, true);
      method.body = body(params, hret, hstatic, canCall, 2 + r.nextInt(3));
      program.methods.add(method);
      List<T> types = new ArrayList<>();
      for (Var p : params) {
        types.add(p.type);
      }
      helpers.add(new Helper(name, hret, types, hstatic));
    }
    List<Var> params = params(r.nextInt(5));
    Program.Method main = new Program.Method(program.name(), !instance, access(), params, false);
    List<Helper> canCall = new ArrayList<>();
    for (Helper h : helpers) {
      if (h.isStatic || instance) {
        canCall.add(h);
      }
    }
    main.body = body(params, T.OBJECT, !instance, canCall, 3 + r.nextInt(10));
    program.methods.add(main);
    return program;
  }

  /** Mixes the run seed and the program index into the program's seed. */
  static long mix(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A value for a parameter of type {@code t}. */
  static Object argument(T t, Random r) {
    int k = r.nextInt(12) - 2;
    switch (t) {
      case INT:
        return k;
      case LONG:
        return (1L << 33) * (k % 3) + k;
      case DOUBLE:
        return k * 0.75;
      case FLOAT:
        return k * 1.5f;
      case BOOLEAN:
        return k % 2 == 0;
      case CHAR:
        return (char) ('a' + Math.floorMod(k, 26));
      case STRING:
        return "a" + k;
      case INTS:
        int[] a = new int[1 + r.nextInt(3)];
        for (int i = 0; i < a.length; i++) {
          a[i] = r.nextInt(10);
        }
        return a;
      default:
        int c = r.nextInt(4);
        return c == 0 ? null : c == 1 ? (Object) k : c == 2 ? "o" + k : new Pair(k, "q");
    }
  }

  private String access() {
    int a = r.nextInt(6);
    return a < 3 ? "" : a < 5 ? "public " : "private ";
  }

  private List<Var> params(int n) {
    List<Var> ps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ps.add(new Var(fresh("a"), PARAM_TYPES[r.nextInt(PARAM_TYPES.length)], true));
    }
    return ps;
  }

  private String fresh(String prefix) {
    return prefix + counter++;
  }

  // ------------------------------------------------------------------ methods

  private Frag body(
      List<Var> params, T ret, boolean isStatic, List<Helper> canCall, int statements) {
    this.ret = ret;
    this.curStatic = isStatic;
    this.callable = canCall;
    this.noReturn = 0;
    this.budget = statements;
    scopes.clear();
    targets.clear();
    scopes.push(new ArrayList<>(params));
    scopes.push(new ArrayList<>());
    String ind = "    ";
    List<Frag> out = new ArrayList<>();
    boolean completes = true;
    while (budget > 0 && completes) {
      St s = stmt(ind, 0);
      out.add(s.code);
      completes = s.completes;
    }
    if (completes) {
      out.add(snap(ind, "end"));
      out.add(Frag.of(ind, "return ", returnValue(), ";\n"));
    }
    scopes.clear();
    return Frag.of(out.toArray());
  }

  private Frag returnValue() {
    if (ret == T.OBJECT && r.nextInt(12) == 0) {
      return Frag.doneEmpty();
    }
    return Frag.done(expr(ret, deep()));
  }

  // ------------------------------------------------------------------ scopes

  private void declare(Var v) {
    scopes.peek().add(v);
  }

  private List<Var> visible() {
    List<Var> all = new ArrayList<>();
    for (Iterator<List<Var>> it = scopes.descendingIterator(); it.hasNext(); ) {
      all.addAll(it.next());
    }
    return all;
  }

  private Var pickVar(T type, boolean assignable) {
    List<Var> c = new ArrayList<>();
    for (Var v : visible()) {
      if (v.type == type && (!assignable || v.assignable)) {
        c.add(v);
      }
    }
    return c.isEmpty() ? null : c.get(r.nextInt(c.size()));
  }

  private Var pickAssignable() {
    List<Var> c = new ArrayList<>();
    for (Var v : visible()) {
      if (v.assignable) {
        c.add(v);
      }
    }
    return c.isEmpty() ? null : c.get(r.nextInt(c.size()));
  }

  private Frag snap(String ind, String tag) {
    List<Var> vs = visible();
    StringBuilder b = new StringBuilder();
    int from = Math.max(0, vs.size() - 10);
    for (int i = from; i < vs.size(); i++) {
      b.append(", ").append(vs.get(i).name);
    }
    return Frag.text(ind + "Rt.snap(\"" + tag + "\"" + b + ");\n");
  }

  // ------------------------------------------------------------------ statements

  private St block(String ind, int depth, int max) {
    scopes.push(new ArrayList<>());
    List<Frag> out = new ArrayList<>();
    boolean completes = true;
    int n = 1 + r.nextInt(Math.max(1, max));
    for (int i = 0; i < n && completes && (i == 0 || budget > 0); i++) {
      St s = stmt(ind, depth);
      out.add(s.code);
      completes = s.completes;
    }
    scopes.pop();
    return new St(Frag.of(out.toArray()), completes);
  }

  private St simple(Frag code) {
    return new St(code, true);
  }

  private St stmt(String ind, int depth) {
    budget--;
    boolean compound = depth < 3 && budget > 0;
    for (; ; ) {
      int k = r.nextInt(100);
      if (k < 10) {
        return decl(ind);
      } else if (k < 16) {
        St s = assign(ind);
        if (s != null) {
          return s;
        }
      } else if (k < 19) {
        Var a = pickVar(T.INTS, false);
        if (a != null) {
          return simple(Frag.of(ind, arrayStore(a, 2), ";\n"));
        }
      } else if (k < 25) {
        return simple(Frag.of(ind, "Rt.log(", anyExpr(deep()), ");\n"));
      } else if (k < 28) {
        return simple(snap(ind, fresh("t")));
      } else if (k < 40) {
        return simple(yieldStatement(ind));
      } else if (k < 44) {
        if (!callable.isEmpty()) {
          Helper h = callable.get(r.nextInt(callable.size()));
          Frag call = Frag.yieldFrom("Object", helperCall(h));
          return simple(
              r.nextBoolean() ? Frag.of(ind, call, ";\n") : Frag.of(ind, "Rt.log(", call, ");\n"));
        }
      } else if (k < 46) {
        if (mode != Script.Mode.VALUES) {
          Frag it = Frag.yieldFromIter(iterable());
          return simple(
              r.nextBoolean() ? Frag.of(ind, it, ";\n") : Frag.of(ind, "Rt.log(", it, ");\n"));
        }
      } else if (k < 47) {
        return simple(Frag.of(ind, "Rt.check(", expr(T.INT, 2), ");\n"));
      } else if (k < 50) {
        St s = fieldStatement(ind);
        if (s != null) {
          return s;
        }
      } else if (k < 53) {
        return simple(expressionStatement(ind));
      } else if (k < 54) {
        return simple(
            Frag.of(ind, "if (", expr(T.BOOLEAN, 2), ") throw ", exception(), ";\n"));
      } else if (k < 56) {
        if (noReturn == 0) {
          return simple(
              Frag.of(ind, "if (", expr(T.BOOLEAN, 2), ") return ", returnValue(), ";\n"));
        }
      } else if (k < 59) {
        Frag jump = jump();
        if (jump != null) {
          return simple(Frag.of(ind, "if (", expr(T.BOOLEAN, 2), ") ", jump, ";\n"));
        }
      } else if (k < 66) {
        if (compound) {
          return ifStatement(ind, depth);
        }
      } else if (k < 76) {
        if (compound) {
          return loop(ind, depth);
        }
      } else if (k < 81) {
        if (compound) {
          return switchStatement(ind, depth);
        }
      } else if (k < 91) {
        // javac 17 crashes on a try inside a switch expression while a long or double is on
        // the operand stack, so switch expressions get no try statements
        if (compound && noReturn == 0) {
          return tryStatement(ind, depth, r.nextInt(3) == 0);
        }
      } else if (k < 93) {
        if (compound) {
          St b = block(ind + "  ", depth + 1, 3);
          return new St(Frag.of(ind, "{\n", b.code, ind, "}\n"), b.completes);
        }
      } else if (k < 94) {
        return new St(Frag.of(ind, "throw ", exception(), ";\n"), false);
      } else if (k < 96) {
        if (noReturn == 0) {
          return new St(Frag.of(ind, "return ", returnValue(), ";\n"), false);
        }
      } else if (k < 98) {
        Frag jump = jump();
        if (jump != null) {
          return new St(Frag.of(ind, jump, ";\n"), false);
        }
      } else {
        Frag y = Frag.of(ind, "Rt.log(", expr(T.STRING, deep()), ");\n");
        return simple(y);
      }
    }
  }

  private St decl(String ind) {
    T t = VAR_TYPES[r.nextInt(VAR_TYPES.length)];
    Frag init = expr(t, deep());
    Var v = new Var(fresh("v"), t, true);
    declare(v);
    return simple(Frag.of(ind, t.java, " ", v.name, " = ", init, ";\n"));
  }

  private St assign(String ind) {
    Var v = pickAssignable();
    if (v == null) {
      return null;
    }
    return simple(Frag.of(ind, assignment(v, deep()), ";\n"));
  }

  /** An assignment to {@code v} (usable as a statement or, parenthesised, as an expression). */
  private Frag assignment(Var v, int d) {
    int k = r.nextInt(10);
    switch (v.type) {
      case INT:
      case LONG:
      case CHAR:
        if (k < 2) {
          return Frag.of(v.name, r.nextBoolean() ? "++" : "--");
        }
        if (k < 5) {
          String[] ops = {"+=", "-=", "*=", "^="};
          return Frag.of(v.name, " ", ops[r.nextInt(ops.length)], " ", expr(T.INT, d));
        }
        break;
      case DOUBLE:
      case FLOAT:
        if (k < 4) {
          String[] ops = {"+=", "-=", "*="};
          return Frag.of(v.name, " ", ops[r.nextInt(ops.length)], " ", expr(v.type, d));
        }
        break;
      case STRING:
        if (k < 4) {
          return Frag.of(v.name, " += ", concatOperand(d));
        }
        break;
      case BOOLEAN:
        if (k < 3) {
          String[] ops = {"&=", "|=", "^="};
          return Frag.of(v.name, " ", ops[r.nextInt(ops.length)], " ", expr(T.BOOLEAN, d));
        }
        break;
      default:
        break;
    }
    return Frag.of(v.name, " = ", expr(v.type, d));
  }

  private Frag arrayStore(Var a, int d) {
    Frag index = Frag.of("[Math.floorMod(", expr(T.INT, d), ", ", a.name, ".length)]");
    int k = r.nextInt(5);
    if (k == 0) {
      return Frag.of(a.name, index, "++");
    }
    if (k == 1) {
      return Frag.of(a.name, index, " += ", expr(T.INT, d));
    }
    return Frag.of(a.name, index, " = ", expr(T.INT, d));
  }

  private Frag yieldStatement(String ind) {
    int k = r.nextInt(6);
    Frag arg = r.nextBoolean() ? anyExpr(2) : expr(T.OBJECT, 2);
    switch (k) {
      case 0:
      case 1:
        return Frag.of(ind, Frag.yield(witness(), arg), ";\n");
      case 2:
        return Frag.of(ind, "Rt.log(", Frag.yield(witness(), arg), ");\n");
      case 3:
        return Frag.of(ind, "Rt.log(", Frag.yield("Object", arg), ");\n");
      case 4:
        Var v = new Var(fresh("v"), T.OBJECT, true);
        Frag decl = Frag.of(ind, "Object ", v.name, " = ", Frag.yield(witness(), arg), ";\n");
        declare(v);
        return decl;
      default:
        return Frag.of(ind, "Rt.log(\"y\" + ", Frag.yield(witness(), arg), ");\n");
    }
  }

  private St fieldStatement(String ind) {
    if (curStatic) {
      return null;
    }
    switch (r.nextInt(5)) {
      case 0:
        return simple(Frag.of(ind, "f = ", expr(T.INT, 2), ";\n"));
      case 1:
        return simple(Frag.of(ind, "this.f += ", expr(T.INT, 2), ";\n"));
      case 2:
        return simple(Frag.of(ind, "f++;\n"));
      case 3:
        return simple(Frag.of(ind, "s = ", expr(T.STRING, 2), ";\n"));
      default:
        return simple(Frag.of(ind, "this.s += ", concatOperand(2), ";\n"));
    }
  }

  private Frag expressionStatement(String ind) {
    switch (r.nextInt(5)) {
      case 0:
        return Frag.of(
            ind, "Rt.mix(", expr(T.INT, 2), ", ", expr(T.INT, 2), ", ", expr(T.INT, 2), ");\n");
      case 1:
        if (!curStatic) {
          return Frag.of(
              ind, "im(", expr(T.INT, 2), ", ", expr(T.LONG, 2), ", ", expr(T.STRING, 2), ");\n");
        }
        return Frag.of(ind, "new Pair(", expr(T.OBJECT, 2), ", ", expr(T.OBJECT, 2), ");\n");
      case 2:
        Var res = pickVar(T.RES, false);
        if (res != null) {
          return Frag.of(ind, res.name, ".use(", expr(T.INT, 2), ");\n");
        }
        return Frag.of(ind, "Rt.log(", wide(2), ");\n");
      case 3:
        return Frag.of(ind, "new Pair(", expr(T.OBJECT, 2), ", ", expr(T.OBJECT, 2), ");\n");
      default:
        return Frag.of(ind, "Rt.log(", wide(2), ");\n");
    }
  }

  private Frag exception() {
    return Frag.of(r.nextBoolean() ? "new Bang(" : "new Boom(", expr(T.INT, 1), ")");
  }

  /** A {@code break} or {@code continue} allowed here, marking its target; null if none. */
  private Frag jump() {
    List<Target> reach = new ArrayList<>();
    for (Target t : targets) { // innermost first
      if (t.barrier) {
        break;
      }
      reach.add(t);
    }
    if (reach.isEmpty()) {
      return null;
    }
    boolean isBreak = r.nextBoolean();
    if (r.nextInt(3) == 0) {
      List<Target> labelled = new ArrayList<>();
      for (Target t : reach) {
        if (t.label != null && t.loop) {
          labelled.add(t);
        }
      }
      if (!labelled.isEmpty()) {
        Target t = labelled.get(r.nextInt(labelled.size()));
        if (isBreak) {
          t.breakSeen = true;
        } else {
          t.continueSeen = true;
        }
        return Frag.text((isBreak ? "break " : "continue ") + t.label);
      }
    }
    if (isBreak) {
      reach.get(0).breakSeen = true;
      return Frag.text("break");
    }
    for (Target t : reach) {
      if (t.loop) {
        t.continueSeen = true;
        return Frag.text("continue");
      }
    }
    return null;
  }

  private St ifStatement(String ind, int depth) {
    List<Object> parts = new ArrayList<>();
    parts.add(ind);
    parts.add("if (");
    parts.add(expr(T.BOOLEAN, deep()));
    parts.add(") {\n");
    St then = block(ind + "  ", depth + 1, 3);
    parts.add(then.code);
    parts.add(ind);
    parts.add("}");
    boolean completes;
    int k = r.nextInt(3);
    if (k == 0) {
      completes = true;
    } else {
      completes = then.completes;
      if (k == 2) {
        parts.add(" else if (");
        parts.add(expr(T.BOOLEAN, 2));
        parts.add(") {\n");
        St mid = block(ind + "  ", depth + 1, 2);
        parts.add(mid.code);
        parts.add(ind);
        parts.add("}");
        completes |= mid.completes;
      }
      parts.add(" else {\n");
      St other = block(ind + "  ", depth + 1, 3);
      parts.add(other.code);
      parts.add(ind);
      parts.add("}");
      completes |= other.completes;
    }
    parts.add("\n");
    return new St(Frag.of(parts.toArray()), completes);
  }

  private St loop(String ind, int depth) {
    String label = r.nextInt(3) == 0 ? fresh("L") : null;
    String lp = label == null ? "" : label + ": ";
    Target target = new Target(label, true, false);
    int kind = r.nextInt(5);
    Frag head;
    Frag tail;
    Var counter;
    St body;
    switch (kind) {
      case 0: // for over a bound
      case 1:
        {
          counter = new Var(fresh("i"), T.INT, false);
          Frag bound =
              r.nextInt(3) == 0
                  ? Frag.of("Math.floorMod(", expr(T.INT, 2), ", 4)")
                  : Frag.text(Integer.toString(r.nextInt(4)));
          head =
              Frag.of(
                  ind, lp, "for (int ", counter.name, " = 0; ", counter.name, " < ", bound, "; ",
                  counter.name, "++) {\n");
          scopes.push(new ArrayList<>(List.of(counter)));
          targets.push(target);
          body = block(ind + "  ", depth + 1, 3);
          targets.pop();
          scopes.pop();
          tail = Frag.of(ind, "}\n");
          return new St(Frag.of(head, body.code, tail), true);
        }
      case 2: // for-each
        {
          boolean ints = r.nextBoolean();
          counter = new Var(fresh("x"), ints ? T.INT : T.OBJECT, false);
          Frag source = ints ? expr(T.INTS, 2) : iterable();
          head =
              Frag.of(
                  ind, lp, "for (", ints ? "int " : "Object ", counter.name, " : ", source,
                  ") {\n");
          scopes.push(new ArrayList<>(List.of(counter)));
          targets.push(target);
          body = block(ind + "  ", depth + 1, 3);
          targets.pop();
          scopes.pop();
          return new St(Frag.of(head, body.code, ind, "}\n"), true);
        }
      case 3: // while
        {
          counter = new Var(fresh("w"), T.INT, false);
          Frag decl = Frag.of(ind, "int ", counter.name, " = 0;\n");
          declare(counter);
          head =
              Frag.of(
                  ind, lp, "while (", counter.name, "++ < ", Integer.toString(1 + r.nextInt(3)),
                  " && ", expr(T.BOOLEAN, 2), ") {\n");
          targets.push(target);
          body = block(ind + "  ", depth + 1, 3);
          targets.pop();
          return new St(Frag.of(decl, head, body.code, ind, "}\n"), true);
        }
      default: // do-while
        {
          counter = new Var(fresh("d"), T.INT, false);
          Frag decl = Frag.of(ind, "int ", counter.name, " = 0;\n");
          declare(counter);
          head = Frag.of(ind, lp, "do {\n", ind, "  ", counter.name, "++;\n");
          targets.push(target);
          body = block(ind + "  ", depth + 1, 3);
          targets.pop();
          boolean completes = body.completes || target.continueSeen || target.breakSeen;
          // When the body cannot complete normally the condition is unreachable; javac 17 then
          // misjudges reachability if it holds a switch expression, so it is kept plain.
          Frag cond =
              body.completes || target.continueSeen
                  ? Frag.of(
                      counter.name, " < ", Integer.toString(1 + r.nextInt(3)), " && ",
                      expr(T.BOOLEAN, 2))
                  : Frag.of(counter.name, " < ", Integer.toString(1 + r.nextInt(3)));
          return new St(
              Frag.of(decl, head, body.code, ind, "} while (", cond, ");\n"), completes);
        }
    }
  }

  private St switchStatement(String ind, int depth) {
    boolean strings = r.nextInt(3) == 0;
    boolean arrow = r.nextBoolean();
    Frag selector =
        strings ? expr(T.STRING, 2) : Frag.of("Math.floorMod(", expr(T.INT, 2), ", 4)");
    List<List<String>> groups = labels(strings);
    boolean hasDefault = r.nextInt(4) != 0;
    Target target = new Target(null, false, false);
    targets.push(target);
    List<Object> parts = new ArrayList<>();
    parts.add(ind);
    parts.add("switch (");
    parts.add(selector);
    parts.add(") {\n");
    boolean anyArmCompletes = false;
    boolean lastCompletes = true;
    int n = groups.size() + (hasDefault ? 1 : 0);
    for (int g = 0; g < n; g++) {
      boolean isDefault = g == groups.size();
      String ls = isDefault ? null : String.join(", ", groups.get(g));
      St b = block(ind + "    ", depth + 1, 2);
      if (arrow) {
        parts.add(ind + "  " + (isDefault ? "default" : "case " + ls) + " -> {\n");
        parts.add(b.code);
        parts.add(ind + "  }\n");
        anyArmCompletes |= b.completes;
      } else {
        StringBuilder lab = new StringBuilder();
        if (isDefault) {
          lab.append(ind).append("  default:\n");
        } else {
          for (String l : groups.get(g)) {
            lab.append(ind).append("  case ").append(l).append(":\n");
          }
        }
        parts.add(lab.toString());
        parts.add(ind + "  {\n");
        parts.add(b.code);
        parts.add(ind + "  }\n");
        lastCompletes = b.completes;
        if (b.completes && r.nextInt(3) != 0) {
          parts.add(ind + "  break;\n");
          target.breakSeen = true;
          lastCompletes = false;
        }
      }
    }
    targets.pop();
    parts.add(ind + "}\n");
    boolean completes =
        !hasDefault || target.breakSeen || (arrow ? anyArmCompletes : lastCompletes || n == 0);
    return new St(Frag.of(parts.toArray()), completes);
  }

  /** Distinct case labels in groups of one or two. */
  private List<List<String>> labels(boolean strings) {
    List<String> pool = new ArrayList<>();
    if (strings) {
      pool.addAll(List.of("\"s0\"", "\"s1\"", "\"s2\"", "\"a1\"", "\"\"", "\"f\""));
    } else {
      pool.addAll(List.of("0", "1", "2", "3"));
    }
    java.util.Collections.shuffle(pool, r);
    int take = 1 + r.nextInt(Math.min(4, pool.size()));
    List<List<String>> groups = new ArrayList<>();
    int i = 0;
    while (i < take) {
      int size = (i + 1 < take && r.nextInt(3) == 0) ? 2 : 1;
      groups.add(new ArrayList<>(pool.subList(i, i + size)));
      i += size;
    }
    return groups;
  }

  private St tryStatement(String ind, int depth, boolean resources) {
    List<String> catches = new ArrayList<>();
    int shape = r.nextInt(10);
    boolean hasFinally = shape < 5 || (resources && shape < 7);
    if (shape >= 3 || (!hasFinally && !resources)) {
      // a valid order: subclasses before superclasses; multi-catch excludes its alternatives
      if (r.nextInt(3) == 0) {
        catches.add("Boom | Bang");
      } else {
        if (r.nextInt(3) == 0) {
          catches.add("Boom");
        }
        if (r.nextInt(3) == 0) {
          catches.add("Bang");
        }
      }
      if (r.nextInt(3) == 0) {
        catches.add("RuntimeException");
      }
      if (r.nextInt(3) == 0) {
        catches.add("Exception");
      }
      if (r.nextInt(5) == 0 || (catches.isEmpty() && !hasFinally && !resources)) {
        catches.add("Throwable");
      }
    }
    boolean needsBoom = false;
    for (String c : catches) {
      needsBoom |= c.startsWith("Boom");
    }
    // jumps out of the try only count if every enclosing finally completes normally
    Map<Target, boolean[]> saved = new HashMap<>();
    for (Target t : targets) {
      saved.put(t, new boolean[] {t.breakSeen, t.continueSeen});
    }
    List<Object> parts = new ArrayList<>();
    parts.add(ind);
    parts.add("try ");
    List<Var> resVars = new ArrayList<>();
    if (resources) {
      int n = 1 + r.nextInt(2);
      parts.add("(");
      for (int i = 0; i < n; i++) {
        Var rv = new Var(fresh("r"), T.RES, false);
        boolean fail = r.nextInt(4) == 0;
        parts.add(i == 0 ? "" : "; ");
        parts.add(Frag.of("Res ", rv.name, " = new Res(", expr(T.INT, 2), ", ",
            fail ? expr(T.BOOLEAN, 1) : Frag.text("false"), ")"));
        resVars.add(rv);
        // a later resource may use an earlier one
        scopes.push(new ArrayList<>(List.of(rv)));
      }
      for (int i = 0; i < n; i++) {
        scopes.pop();
      }
      parts.add(") ");
    }
    parts.add("{\n");
    scopes.push(new ArrayList<>(resVars));
    if (needsBoom) {
      parts.add(Frag.of(ind, "  Rt.check(", expr(T.INT, 2), ");\n"));
    }
    St body = block(ind + "  ", depth + 1, 4);
    scopes.pop();
    parts.add(body.code);
    parts.add(ind);
    parts.add("}");
    boolean completes = body.completes;
    for (String c : catches) {
      Var e = new Var(fresh("e"), T.EXC, false);
      parts.add(" catch (" + c + " " + e.name + ") {\n");
      scopes.push(new ArrayList<>(List.of(e)));
      parts.add(ind + "  Rt.log(" + e.name + ");\n");
      boolean rethrow = c.equals("Throwable") || r.nextInt(5) == 0;
      St cb = r.nextInt(3) == 0 ? new St(Frag.text(""), true) : block(ind + "  ", depth + 1, 2);
      parts.add(cb.code);
      boolean cc = cb.completes;
      if (cc && rethrow) {
        parts.add(ind + "  throw " + e.name + ";\n");
        cc = false;
      }
      scopes.pop();
      parts.add(ind);
      parts.add("}");
      completes |= cc;
    }
    if (hasFinally) {
      // javac drops the exits of the try block and catch clauses when the finally clause
      // cannot complete normally; the finally clause's own exits stay.
      Map<Target, boolean[]> afterTryAndCatches = new HashMap<>();
      for (Map.Entry<Target, boolean[]> e : saved.entrySet()) {
        Target t = e.getKey();
        afterTryAndCatches.put(t, new boolean[] {t.breakSeen, t.continueSeen});
        t.breakSeen = e.getValue()[0];
        t.continueSeen = e.getValue()[1];
      }
      parts.add(" finally {\n");
      parts.add(ind + "  Rt.log(\"finally\");\n");
      St fb = block(ind + "  ", depth + 1, 3);
      parts.add(fb.code);
      parts.add(ind);
      parts.add("}");
      if (fb.completes) {
        for (Map.Entry<Target, boolean[]> e : afterTryAndCatches.entrySet()) {
          e.getKey().breakSeen |= e.getValue()[0];
          e.getKey().continueSeen |= e.getValue()[1];
        }
      } else {
        completes = false;
      }
    }
    parts.add("\n");
    return new St(Frag.of(parts.toArray()), completes);
  }

  // ------------------------------------------------------------------ expressions

  /** An expression of a random value type, for contexts taking any Object. */
  private Frag anyExpr(int d) {
    int k = r.nextInt(12);
    if (k < 9) {
      return expr(VALUE_TYPES[k], d);
    }
    if (k == 9) {
      return Frag.of("Rt.arrs(", expr(T.INTS, d), ")");
    }
    return expr(T.OBJECT, d);
  }

  /** An operand for string concatenation: anything whose string form is deterministic. */
  private Frag concatOperand(int d) {
    int k = r.nextInt(10);
    if (k < 7) {
      return expr(VALUE_TYPES[r.nextInt(VALUE_TYPES.length)], d);
    }
    if (k < 9) {
      return Frag.yield(witness(), anyExpr(d - 1)); // the value sent back: Integer, String or null
    }
    return Frag.of("Rt.str(", expr(T.OBJECT, d), ")");
  }

  private Frag iterable() {
    int n = 2 + r.nextInt(2);
    List<Object> parts = new ArrayList<>();
    parts.add("java.util.Arrays.asList(");
    for (int i = 0; i < n; i++) {
      parts.add(i == 0 ? "" : ", ");
      parts.add(expr(T.OBJECT, 1));
    }
    parts.add(")");
    return Frag.of(parts.toArray());
  }

  private Frag helperCall(Helper h) {
    List<Object> parts = new ArrayList<>();
    parts.add(!h.isStatic && r.nextBoolean() ? "this." + h.name + "(" : h.name + "(");
    for (int i = 0; i < h.params.size(); i++) {
      parts.add(i == 0 ? "" : ", ");
      parts.add(expr(h.params.get(i), 2));
    }
    parts.add(")");
    return Frag.of(parts.toArray());
  }

  private Helper helper(T ret) {
    List<Helper> c = new ArrayList<>();
    for (Helper h : callable) {
      if (ret == null || h.ret == ret) {
        c.add(h);
      }
    }
    return c.isEmpty() ? null : c.get(r.nextInt(c.size()));
  }

  private Frag wide(int d) {
    return Frag.of(
        "Rt.wide(", expr(T.INT, d), ", ", expr(T.LONG, d), ", ", expr(T.DOUBLE, d), ", ",
        expr(T.OBJECT, d), ", ", expr(T.FLOAT, d), ", ", expr(T.CHAR, d), ", ",
        expr(T.BOOLEAN, d), ")");
  }

  /** An int-valued suspension (its static type may be Integer). */
  private Frag intSuspension(int d) {
    Helper h = helper(T.INT);
    int k = r.nextInt(10);
    if (h != null && k == 0) {
      return Frag.yieldFrom("Integer", helperCall(h));
    }
    Frag arg = r.nextBoolean() ? anyExpr(d - 1) : expr(T.OBJECT, d - 1);
    if (mode != Script.Mode.VALUES && k < 8) {
      return Frag.of("Rt.iv(", Frag.yield(witness(), arg), ")");
    }
    if (k < 5) {
      return Frag.yield("Integer", arg);
    }
    if (k < 8) {
      return Frag.of("((int) ", Frag.yield(witness(), arg), ")");
    }
    return Frag.of("Rt.iv(", Frag.yield(witness(), arg), ")");
  }

  private Frag suspension(T t, int d) {
    switch (t) {
      case INT:
        return intSuspension(d);
      case LONG:
        return r.nextBoolean()
            ? Frag.of("(", expr(T.LONG, d - 1), " + ", intSuspension(d), ")")
            : Frag.of("((long) ", intSuspension(d), ")");
      case DOUBLE:
        return Frag.of("(", expr(T.DOUBLE, d - 1), " * ", intSuspension(d), ")");
      case FLOAT:
        return Frag.of("(", expr(T.FLOAT, d - 1), " - ", intSuspension(d), ")");
      case BOOLEAN:
        return r.nextBoolean()
            ? Frag.of("(", intSuspension(d), " > ", expr(T.INT, d - 1), ")")
            : Frag.of("Rt.bv(", Frag.yield(witness(), anyExpr(d - 1)), ")");
      case CHAR:
        return Frag.of("((char) ('a' + Math.floorMod(", intSuspension(d), ", 26)))");
      case STRING:
        {
          Helper h = helper(T.STRING);
          if (h != null && r.nextInt(4) == 0) {
            return Frag.yieldFrom("String", helperCall(h));
          }
          if (r.nextInt(3) == 0) {
            return Frag.of("Rt.str(", Frag.yield(witness(), anyExpr(d - 1)), ")");
          }
          return Frag.of(
              "(", expr(T.STRING, d - 1), " + ", Frag.yield(witness(), anyExpr(d - 1)), " + ",
              concatOperand(d - 1), ")");
        }
      case INTS:
        return Frag.of("new int[] {", expr(T.INT, d - 1), ", ", intSuspension(d), "}");
      default:
        {
          int k = r.nextInt(6);
          Helper h = helper(null);
          if (h != null && k == 0) {
            return Frag.yieldFrom("Object", helperCall(h));
          }
          if (k == 1) {
            return Frag.of(
                "new Pair(", Frag.yield(witness(), anyExpr(d - 1)), ", ",
                Frag.yield(witness(), anyExpr(d - 1)), ")");
          }
          return Frag.yield(k == 2 ? "Object" : null, anyExpr(d - 1));
        }
    }
  }

  private Frag expr(T t, int d) {
    if (d <= 0 || r.nextInt(100) < 33) {
      return leaf(t);
    }
    if (r.nextDouble() < pYield) {
      return suspension(t, d);
    }
    switch (t) {
      case INT:
        return intExpr(d);
      case LONG:
        return longExpr(d);
      case DOUBLE:
        return doubleExpr(d);
      case FLOAT:
        return floatExpr(d);
      case BOOLEAN:
        return boolExpr(d);
      case CHAR:
        return charExpr(d);
      case STRING:
        return stringExpr(d);
      case INTS:
        return intsExpr(d);
      default:
        return objectExpr(d);
    }
  }

  private Frag leaf(T t) {
    Var v = r.nextInt(3) == 0 ? null : pickVar(t, false);
    switch (t) {
      case INT:
        {
          int k = r.nextInt(8);
          if (v != null && k < 4) {
            return Frag.text(v.name);
          }
          if (k == 4) {
            Var c = pickVar(T.CHAR, false);
            if (c != null) {
              return Frag.text("((int) " + c.name + ")");
            }
          }
          if (k == 5) {
            Var a = pickVar(T.INTS, false);
            if (a != null) {
              return Frag.text(a.name + ".length");
            }
          }
          if (k == 6 && !curStatic) {
            return Frag.text(r.nextBoolean() ? "f" : "this.f");
          }
          if (k == 7) {
            Var s = pickVar(T.STRING, false);
            if (s != null) {
              return Frag.text(s.name + ".length()");
            }
          }
          return Frag.text(intLiteral(r.nextInt(16) - 3));
        }
      case LONG:
        if (v != null) {
          return Frag.text(v.name);
        }
        if (r.nextBoolean()) {
          Var i = pickVar(T.INT, false);
          if (i != null) {
            return Frag.text(i.name);
          }
        }
        return Frag.text(r.nextInt(4) == 0 ? "5000000000L" : "(" + (r.nextInt(20) - 5) + "L)");
      case DOUBLE:
        if (v != null) {
          return Frag.text(v.name);
        }
        {
          String[] ds = {"1.5", "(-0.25)", "3.0", "0.1", "2.75"};
          return Frag.text(ds[r.nextInt(ds.length)]);
        }
      case FLOAT:
        if (v != null) {
          return Frag.text(v.name);
        }
        {
          String[] fs = {"2.5f", "(-1.25f)", "0.5f", "7f"};
          return Frag.text(fs[r.nextInt(fs.length)]);
        }
      case BOOLEAN:
        if (v != null) {
          return Frag.text(v.name);
        }
        if (r.nextInt(4) != 0) {
          // a condition that depends on the run, rather than a constant
          Var i = pickVar(T.INT, false);
          if (i != null) {
            int k = r.nextInt(9) - 2;
            return Frag.text(
                r.nextBoolean()
                    ? "(" + i.name + " > " + intLiteral(k) + ")"
                    : "((" + i.name + " & 1) == 0)");
          }
        }
        return Frag.text(r.nextBoolean() ? "true" : "false");
      case CHAR:
        if (v != null) {
          return Frag.text(v.name);
        }
        return Frag.text("'" + (char) ('a' + r.nextInt(5)) + "'");
      case STRING:
        if (v != null) {
          return Frag.text(v.name);
        }
        if (!curStatic && r.nextInt(4) == 0) {
          return Frag.text(r.nextBoolean() ? "s" : "this.s");
        }
        {
          String[] ss = {"\"s0\"", "\"s1\"", "\"s2\"", "\"\"", "\"a1\"", "\"xyz\""};
          return Frag.text(ss[r.nextInt(ss.length)]);
        }
      case INTS:
        if (v != null) {
          return Frag.text(v.name);
        }
        return Frag.text("new int[] {" + r.nextInt(9) + "}");
      default:
        {
          int k = r.nextInt(10);
          if (k < 4) {
            List<Var> c = new ArrayList<>();
            for (Var x : visible()) {
              if (x.type == T.OBJECT || x.type == T.RES || x.type == T.EXC) {
                c.add(x);
              }
            }
            if (!c.isEmpty()) {
              return Frag.text(c.get(r.nextInt(c.size())).name);
            }
          }
          if (k == 4) {
            return Frag.text("null");
          }
          return leaf(VALUE_TYPES[r.nextInt(VALUE_TYPES.length)]);
        }
    }
  }

  /**
   * The type argument of a {@code Generator.yield} whose value is used as an Object: mostly
   * explicit ({@code Generator.<Object>yield}), sometimes inferred. (Inferred calls nested in
   * arguments are what makes javac slow.)
   */
  private String witness() {
    return r.nextInt(5) == 0 ? null : "Object";
  }

  /** The depth of a statement's expressions: mostly 2, sometimes 3. */
  private int deep() {
    return r.nextInt(10) < 2 ? 3 : 2;
  }

  private static String intLiteral(int k) {
    return k < 0 ? "(" + k + ")" : Integer.toString(k);
  }

  private Frag intExpr(int d) {
    for (; ; ) {
      int k = r.nextInt(22);
      switch (k) {
        case 0:
        case 1:
        case 2:
          {
            String[] ops = {" + ", " - ", " * ", " ^ ", " & ", " | "};
            return Frag.of(
                "(", expr(T.INT, d - 1), ops[r.nextInt(ops.length)], expr(T.INT, d - 1), ")");
          }
        case 3:
          {
            String[] ops = {" / ", " % ", " << ", " >> ", " >>> "};
            return Frag.of(
                "(", expr(T.INT, d - 1), ops[r.nextInt(ops.length)], 1 + r.nextInt(4), ")");
          }
        case 4:
          return Frag.of("((int) ", expr(T.LONG, d - 1), ")");
        case 5:
          return Frag.of("((int) ", expr(T.DOUBLE, d - 1), ")");
        case 6:
          return Frag.of(
              "(", expr(T.BOOLEAN, d - 1), " ? ", expr(T.INT, d - 1), " : ", expr(T.INT, d - 1),
              ")");
        case 7:
          return Frag.of(
              "Rt.mix(", expr(T.INT, d - 1), ", ", expr(T.INT, d - 1), ", ", expr(T.INT, d - 1),
              ")");
        case 8:
          if (!curStatic) {
            return Frag.of(
                "im(", expr(T.INT, d - 1), ", ", expr(T.LONG, d - 1), ", ", expr(T.STRING, d - 1),
                ")");
          }
          break;
        case 9:
          return Frag.of("Math.floorMod(", expr(T.INT, d - 1), ", ", 2 + r.nextInt(6), ")");
        case 10:
          {
            Var v = pickVar(T.INT, true);
            if (v != null) {
              return Frag.of("(", assignment(v, d - 1), ")");
            }
            break;
          }
        case 11:
        case 12:
          {
            Var a = pickVar(T.INTS, false);
            if (a != null) {
              if (k == 12 && r.nextBoolean()) {
                return Frag.of("(", arrayStore(a, d - 1), ")");
              }
              return Frag.of(
                  a.name, "[Math.floorMod(", expr(T.INT, d - 1), ", ", a.name, ".length)]");
            }
            return Frag.of("(", expr(T.INTS, d - 1), ").length");
          }
        case 13:
          return Frag.of("Rt.iv(", expr(T.OBJECT, d - 1), ")");
        case 14:
          return switchExpr(T.INT, d);
        case 15:
          return Frag.of(expr(T.STRING, d - 1), ".length()");
        case 16:
          if (!curStatic) {
            return Frag.of("(f += ", expr(T.INT, d - 1), ")");
          }
          break;
        case 17:
          if (r.nextInt(4) == 0) {
            return Frag.of("(", expr(T.INT, d - 1), " / ", expr(T.INT, d - 1), ")");
          }
          break;
        case 18:
          {
            Var res = pickVar(T.RES, false);
            if (res != null) {
              return Frag.of(res.name, ".use(", expr(T.INT, d - 1), ")");
            }
            break;
          }
        case 19:
          if (r.nextBoolean()) {
            // a lambda in the body (its call site and synthetic method stay as they are)
            return Frag.of(
                "Rt.apply(q -> q * ", 2 + r.nextInt(3), " + ", r.nextInt(5), ", ",
                expr(T.INT, d - 1), ")");
          }
          return Frag.of("(", expr(T.CHAR, d - 1), " + ", expr(T.INT, d - 1), ")");
        case 20:
          {
            Helper h = helper(T.INT);
            if (h != null) {
              return Frag.yieldFrom("Integer", helperCall(h));
            }
            break;
          }
        default:
          return intSuspension(d);
      }
    }
  }

  private Frag longExpr(int d) {
    switch (r.nextInt(8)) {
      case 0:
      case 1:
        {
          String[] ops = {" + ", " - ", " * ", " ^ "};
          return Frag.of(
              "(", expr(T.LONG, d - 1), ops[r.nextInt(ops.length)], expr(T.LONG, d - 1), ")");
        }
      case 2:
        return Frag.of("(", expr(T.LONG, d - 1), " + ", expr(T.INT, d - 1), ")");
      case 3:
        return Frag.of("Rt.lmix(", expr(T.LONG, d - 1), ", ", expr(T.INT, d - 1), ")");
      case 4:
        return Frag.of(
            "(", expr(T.BOOLEAN, d - 1), " ? ", expr(T.LONG, d - 1), " : ", expr(T.LONG, d - 1),
            ")");
      case 5:
        {
          Var v = pickVar(T.LONG, true);
          if (v != null) {
            return Frag.of("(", assignment(v, d - 1), ")");
          }
          return Frag.of("((long) ", expr(T.DOUBLE, d - 1), ")");
        }
      case 6:
        return Frag.of("(", expr(T.LONG, d - 1), r.nextBoolean() ? " >> " : " / ", 1 + r.nextInt(3),
            ")");
      default:
        return Frag.of("((long) ", expr(T.INT, d - 1), " * 1000000007L)");
    }
  }

  private Frag doubleExpr(int d) {
    switch (r.nextInt(7)) {
      case 0:
      case 1:
        {
          String[] ops = {" + ", " - ", " * "};
          return Frag.of(
              "(", expr(T.DOUBLE, d - 1), ops[r.nextInt(ops.length)], expr(T.DOUBLE, d - 1), ")");
        }
      case 2:
        return Frag.of("(", expr(T.DOUBLE, d - 1), " / 4.0)");
      case 3:
        return Frag.of("Rt.dmix(", expr(T.DOUBLE, d - 1), ", ", expr(T.FLOAT, d - 1), ")");
      case 4:
        return Frag.of(
            "(", expr(T.BOOLEAN, d - 1), " ? ", expr(T.DOUBLE, d - 1), " : ",
            expr(T.DOUBLE, d - 1), ")");
      case 5:
        {
          Var v = pickVar(T.DOUBLE, true);
          if (v != null) {
            return Frag.of("(", assignment(v, d - 1), ")");
          }
          return Frag.of("((double) ", expr(T.LONG, d - 1), ")");
        }
      default:
        return Frag.of("(", expr(T.DOUBLE, d - 1), " + ", expr(T.INT, d - 1), ")");
    }
  }

  private Frag floatExpr(int d) {
    switch (r.nextInt(6)) {
      case 0:
      case 1:
        {
          String[] ops = {" + ", " - ", " * "};
          return Frag.of(
              "(", expr(T.FLOAT, d - 1), ops[r.nextInt(ops.length)], expr(T.FLOAT, d - 1), ")");
        }
      case 2:
        return Frag.of("((float) ", expr(T.DOUBLE, d - 1), ")");
      case 3:
        return Frag.of(
            "(", expr(T.BOOLEAN, d - 1), " ? ", expr(T.FLOAT, d - 1), " : ", expr(T.FLOAT, d - 1),
            ")");
      case 4:
        {
          Var v = pickVar(T.FLOAT, true);
          if (v != null) {
            return Frag.of("(", assignment(v, d - 1), ")");
          }
          return Frag.of("(", expr(T.FLOAT, d - 1), " * 0.5f)");
        }
      default:
        return Frag.of("(", expr(T.FLOAT, d - 1), " + ", expr(T.INT, d - 1), ")");
    }
  }

  private Frag boolExpr(int d) {
    for (; ; ) {
      switch (r.nextInt(16)) {
        case 0:
        case 1:
          {
            String[] ops = {" < ", " <= ", " > ", " >= "};
            return Frag.of(
                "(", expr(T.INT, d - 1), ops[r.nextInt(ops.length)], expr(T.INT, d - 1), ")");
          }
        case 2:
          return Frag.of(
              "(+", expr(T.INT, d - 1), r.nextBoolean() ? " == " : " != ", expr(T.INT, d - 1),
              ")");
        case 3:
          return Frag.of("(", expr(T.LONG, d - 1), " < ", expr(T.LONG, d - 1), ")");
        case 4:
          return Frag.of("(", expr(T.DOUBLE, d - 1), " >= ", expr(T.DOUBLE, d - 1), ")");
        case 5:
          return Frag.of("(!", expr(T.BOOLEAN, d - 1), ")");
        case 6:
        case 7:
          {
            String[] ops = {" && ", " || ", " ^ ", " & "};
            return Frag.of(
                "(", expr(T.BOOLEAN, d - 1), ops[r.nextInt(ops.length)], expr(T.BOOLEAN, d - 1),
                ")");
          }
        case 8:
          return Frag.of(expr(T.STRING, d - 1), ".isEmpty()");
        case 9:
          return Frag.of(expr(T.STRING, d - 1), ".equals(", expr(T.STRING, d - 1), ")");
        case 10:
          return Frag.of("(((Object) (", expr(T.OBJECT, d - 1), ")) == null)");
        case 11:
          return Frag.of(
              "(((Object) (", expr(T.OBJECT, d - 1),
              r.nextBoolean() ? ")) instanceof Integer)" : ")) instanceof String)");
        case 12:
          if (r.nextBoolean()) {
            // a pattern variable, live across what follows the && (which may suspend)
            String n = fresh("n");
            return Frag.of(
                "(((Object) (", expr(T.OBJECT, d - 1), ")) instanceof Integer ", n, " && ", n,
                " + ", expr(T.INT, d - 1), " > ", r.nextInt(8), ")");
          }
          return Frag.of("Rt.bv(", expr(T.OBJECT, d - 1), ")");
        case 13:
          return Frag.of(
              "(", expr(T.BOOLEAN, d - 1), " ? ", expr(T.BOOLEAN, d - 1), " : ",
              expr(T.BOOLEAN, d - 1), ")");
        case 14:
          {
            Var v = pickVar(T.BOOLEAN, true);
            if (v != null) {
              return Frag.of("(", assignment(v, d - 1), ")");
            }
            break;
          }
        default:
          return Frag.of("(", expr(T.CHAR, d - 1), " == 'b')");
      }
    }
  }

  private Frag charExpr(int d) {
    switch (r.nextInt(5)) {
      case 0:
        return Frag.of("((char) (", expr(T.CHAR, d - 1), " + 1))");
      case 1:
        return Frag.of("((char) ('a' + Math.floorMod(", expr(T.INT, d - 1), ", 26)))");
      case 2:
        return Frag.of(
            "(", expr(T.BOOLEAN, d - 1), " ? ", expr(T.CHAR, d - 1), " : ", expr(T.CHAR, d - 1),
            ")");
      case 3:
        return Frag.of("(\"q\" + ", expr(T.STRING, d - 1), ").charAt(", r.nextInt(1), ")");
      default:
        {
          Var v = pickVar(T.CHAR, true);
          if (v != null) {
            return Frag.of("(", assignment(v, d - 1), ")");
          }
          return leaf(T.CHAR);
        }
    }
  }

  private Frag stringExpr(int d) {
    for (; ; ) {
      switch (r.nextInt(14)) {
        case 0:
        case 1:
        case 2:
          {
            int n = 1 + r.nextInt(3);
            List<Object> parts = new ArrayList<>();
            parts.add("(");
            parts.add(expr(T.STRING, d - 1));
            for (int i = 0; i < n; i++) {
              parts.add(" + ");
              parts.add(concatOperand(d - 1));
            }
            parts.add(")");
            return Frag.of(parts.toArray());
          }
        case 3:
          return Frag.of("Integer.toString(", expr(T.INT, d - 1), ")");
        case 4:
          return Frag.of("String.valueOf(", expr(T.CHAR, d - 1), ")");
        case 5:
          return Frag.of(expr(T.STRING, d - 1), r.nextBoolean() ? ".toUpperCase()" : ".trim()");
        case 6:
          return Frag.of(expr(T.STRING, d - 1), ".concat(", expr(T.STRING, d - 1), ")");
        case 7:
          return Frag.of(
              "(", expr(T.BOOLEAN, d - 1), " ? ", expr(T.STRING, d - 1), " : ",
              expr(T.STRING, d - 1), ")");
        case 8:
          return switchExpr(T.STRING, d);
        case 9:
          return Frag.of("Rt.str(", expr(T.OBJECT, d - 1), ")");
        case 10:
          if (r.nextInt(3) == 0) {
            return wide(d - 1);
          }
          break;
        case 11:
          {
            Var v = pickVar(T.STRING, true);
            if (v != null) {
              return Frag.of("(", assignment(v, d - 1), ")");
            }
            if (!curStatic) {
              return Frag.of("(this.s = ", expr(T.STRING, d - 1), ")");
            }
            break;
          }
        case 12:
          {
            Var v = pickVar(T.STRING, false);
            if (v != null) {
              return Frag.of(v.name, ".substring(Math.min(1, ", v.name, ".length()))");
            }
            break;
          }
        default:
          if (r.nextBoolean()) {
            // varargs: the Object[] is being filled while an element suspends
            return Frag.of(
                "Rt.all(", expr(T.OBJECT, d - 1), ", ", expr(T.OBJECT, d - 1), ", ",
                expr(T.OBJECT, d - 1), ")");
          }
          return Frag.of("Rt.arrs(", expr(T.INTS, d - 1), ")");
      }
    }
  }

  private Frag intsExpr(int d) {
    switch (r.nextInt(5)) {
      case 0:
      case 1:
        {
          int n = 1 + r.nextInt(3);
          List<Object> parts = new ArrayList<>();
          parts.add("new int[] {");
          for (int i = 0; i < n; i++) {
            parts.add(i == 0 ? "" : ", ");
            parts.add(expr(T.INT, d - 1));
          }
          parts.add("}");
          return Frag.of(parts.toArray());
        }
      case 2:
        return Frag.of("new int[1 + Math.floorMod(", expr(T.INT, d - 1), ", 3)]");
      case 3:
        return Frag.of("Rt.arr(", expr(T.INT, d - 1), ", ", expr(T.INT, d - 1), ")");
      default:
        {
          Var v = pickVar(T.INTS, true);
          if (v != null) {
            return Frag.of("(", v.name, " = ", expr(T.INTS, d - 1), ")");
          }
          return Frag.of(
              "(", expr(T.BOOLEAN, d - 1), " ? ", expr(T.INTS, d - 1), " : ", expr(T.INTS, d - 1),
              ")");
        }
    }
  }

  private Frag objectExpr(int d) {
    switch (r.nextInt(9)) {
      case 0:
      case 1:
        return Frag.of("new Pair(", expr(T.OBJECT, d - 1), ", ", expr(T.OBJECT, d - 1), ")");
      case 2:
        return Frag.of(
            "(", expr(T.BOOLEAN, d - 1), " ? ", expr(T.OBJECT, d - 1), " : ",
            expr(T.OBJECT, d - 1), ")");
      case 3:
        return switchExpr(T.OBJECT, d);
      case 4:
        {
          Var v = pickVar(T.OBJECT, true);
          if (v != null) {
            return Frag.of("(", v.name, " = ", expr(T.OBJECT, d - 1), ")");
          }
          return suspension(T.OBJECT, d);
        }
      case 5:
        return suspension(T.OBJECT, d);
      default:
        return expr(VALUE_TYPES[r.nextInt(VALUE_TYPES.length)], d - 1);
    }
  }

  /** A switch expression of type INT, STRING or OBJECT, with arms that may suspend. */
  private Frag switchExpr(T t, int d) {
    boolean strings = r.nextInt(3) == 0;
    boolean arrow = r.nextInt(4) != 0;
    Frag selector =
        strings ? expr(T.STRING, d - 1) : Frag.of("Math.floorMod(", expr(T.INT, d - 1), ", 4)");
    List<List<String>> groups = labels(strings);
    List<Object> parts = new ArrayList<>();
    parts.add("switch (");
    parts.add(selector);
    parts.add(") { ");
    boolean first = true;
    for (int g = 0; g <= groups.size(); g++) {
      boolean isDefault = g == groups.size();
      String head =
          isDefault ? "default" : "case " + String.join(", ", groups.get(g));
      boolean blockArm = !first && budget > 0 && r.nextInt(4) == 0;
      first = false;
      if (arrow) {
        parts.add(head + " -> ");
        if (blockArm) {
          parts.add(armBlock(t, d));
        } else {
          parts.add(expr(t, d - 1));
          parts.add("; ");
        }
      } else {
        parts.add(head + ": ");
        if (blockArm) {
          parts.add(armBlock(t, d));
        } else {
          parts.add(yieldStatement(expr(t, d - 1)));
          parts.add(" ");
        }
      }
    }
    parts.add("}");
    return Frag.of("(", Frag.of(parts.toArray()), ")");
  }

  /** {@code { statements; yield value; }}: statements may not return or jump out. */
  private Frag armBlock(T t, int d) {
    noReturn++;
    targets.push(new Target(null, false, true));
    int savedBudget = budget;
    budget = Math.min(budget, 3);
    St b = block("        ", 2, 2);
    budget = savedBudget - 1;
    targets.pop();
    noReturn--;
    if (!b.completes) {
      return Frag.of("{\n", b.code, "      } ");
    }
    return Frag.of("{\n", b.code, "        ", yieldStatement(expr(t, d - 1)), "\n      } ");
  }

  /**
   * {@code yield value;} of a switch expression. {@code yield (...)} would parse as a call of a
   * method named yield, so a parenthesised value goes through {@code Rt.id}.
   */
  private static Frag yieldStatement(Frag value) {
    if (value.render(Frag.Variant.REFERENCE).startsWith("(")) {
      return Frag.of("yield Rt.id(", value, ");");
    }
    return Frag.of("yield ", value, ";");
  }
}
