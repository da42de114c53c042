package io.weft.weaver.differential;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of generated source. Most of it is the same text in every variant; the suspension
 * points and the ends of generators render per {@link Variant}, so that the woven program and
 * its references come from one tree.
 */
abstract class Frag {
  /** The renderings of a program. */
  enum Variant {
    /** {@code @Coroutine} methods using {@code Generator.yield}/{@code yieldFrom}/{@code done}. */
    WOVEN,
    /** Plain methods calling {@link Ref}: the reference semantics. */
    REFERENCE,
    /** Generators on threads ({@link Thr}): an independent implementation, for self-checks. */
    THREADED,
    /**
     * The reference with every return value altered ({@link Rt#mutant}): a deliberately wrong
     * reference, which the harness must tell apart.
     */
    MUTANT;

    /** Whether this variant runs as plain calls driven by {@link Ref}. */
    boolean plain() {
      return this == REFERENCE || this == MUTANT;
    }
  }

  abstract void render(StringBuilder out, Variant v);

  final String render(Variant v) {
    StringBuilder b = new StringBuilder();
    render(b, v);
    return b.toString();
  }

  // ------------------------------------------------------------------ constructors

  static Frag text(String s) {
    return new Text(s);
  }

  /**
   * Concatenates strings and fragments. A parenthesised fragment in a position that needs no
   * parentheses (an argument, an initializer, the right side of an assignment, a condition, an
   * array element) loses them: javac attributes every parenthesised argument speculatively, and
   * nested ones cost it exponential time.
   */
  static Frag of(Object... parts) {
    List<Frag> list = new ArrayList<>(parts.length);
    for (int i = 0; i < parts.length; i++) {
      Object p = parts[i];
      if (p instanceof Frag) {
        boolean open = i > 0 && parts[i - 1] instanceof String && opens((String) parts[i - 1]);
        boolean close =
            i + 1 < parts.length
                && parts[i + 1] instanceof String
                && closes((String) parts[i + 1]);
        list.add(open && close ? new Bare((Frag) p) : (Frag) p);
      } else {
        list.add(new Text(String.valueOf(p)));
      }
    }
    return new Seq(list);
  }

  private static boolean opens(String before) {
    return before.endsWith("(")
        || before.endsWith(", ")
        || before.endsWith(" = ")
        || before.endsWith("{")
        || before.endsWith("-> ");
  }

  private static boolean closes(String after) {
    return after.startsWith(")")
        || after.startsWith(",")
        || after.startsWith(";")
        || after.startsWith("}");
  }

  /** {@code Generator.<witness>yield(arg)}; a null witness leaves it to inference. */
  static Frag yield(String witness, Frag arg) {
    return new Call("yield", witness, arg);
  }

  /** {@code Generator.<witness>yieldFrom(helperCall)}. */
  static Frag yieldFrom(String witness, Frag helperCall) {
    return new Call("yieldFrom", witness, helperCall);
  }

  /** {@code Generator.yieldFrom(iterable)} of a plain iterable. */
  static Frag yieldFromIter(Frag iterable) {
    return new Call("yieldFromIter", null, iterable);
  }

  /** The operand of a generator's {@code return}: {@code Generator.done(value)}. */
  static Frag done(Frag value) {
    return new Done(value);
  }

  /** The operand of a generator's {@code return} without a value: {@code Generator.done()}. */
  static Frag doneEmpty() {
    return new Done(null);
  }

  // ------------------------------------------------------------------ kinds

  private static final class Text extends Frag {
    final String s;

    Text(String s) {
      this.s = s;
    }

    @Override
    void render(StringBuilder out, Variant v) {
      out.append(s);
    }
  }

  private static final class Seq extends Frag {
    final List<Frag> parts;

    Seq(List<Frag> parts) {
      this.parts = parts;
    }

    @Override
    void render(StringBuilder out, Variant v) {
      for (Frag f : parts) {
        f.render(out, v);
      }
    }
  }

  /** A fragment without its outer parentheses, if it has a pair enclosing all of it. */
  private static final class Bare extends Frag {
    final Frag inner;

    Bare(Frag inner) {
      this.inner = inner;
    }

    @Override
    void render(StringBuilder out, Variant v) {
      StringBuilder b = new StringBuilder();
      inner.render(b, v);
      if (enclosed(b)) {
        out.append(b, 1, b.length() - 1);
      } else {
        out.append(b);
      }
    }

    /** Whether the first character opens a parenthesis that the last one closes. */
    private static boolean enclosed(CharSequence s) {
      int n = s.length();
      if (n < 2 || s.charAt(0) != '(' || s.charAt(n - 1) != ')') {
        return false;
      }
      int depth = 0;
      char quote = 0;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (quote != 0) {
          if (c == '\\') {
            i++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
          if (depth == 0 && i < n - 1) {
            return false;
          }
        }
      }
      return depth == 0;
    }
  }

  private static final class Call extends Frag {
    final String what;
    final String witness;
    final Frag arg;

    Call(String what, String witness, Frag arg) {
      this.what = what;
      this.witness = witness;
      this.arg = arg;
    }

    @Override
    void render(StringBuilder out, Variant v) {
      String owner = v == Variant.WOVEN ? "Generator" : v.plain() ? "Ref" : "Thr";
      String name = what;
      if (what.equals("yieldFromIter") && v == Variant.WOVEN) {
        name = "yieldFrom";
      }
      out.append(owner).append('.');
      if (witness != null) {
        out.append('<').append(witness).append('>');
      }
      out.append(name).append('(');
      arg.render(out, v);
      out.append(')');
    }
  }

  private static final class Done extends Frag {
    final Frag value;

    Done(Frag value) {
      this.value = value;
    }

    @Override
    void render(StringBuilder out, Variant v) {
      if (v == Variant.MUTANT) {
        out.append("Rt.mutant(");
        if (value == null) {
          out.append("null");
        } else {
          value.render(out, v);
        }
        out.append(')');
      } else if (value == null) {
        out.append(v == Variant.WOVEN ? "Generator.done()" : "null");
      } else if (v == Variant.WOVEN) {
        out.append("Generator.done(");
        value.render(out, v);
        out.append(')');
      } else {
        value.render(out, v);
      }
    }
  }
}
