package io.weft.weaver.differential;

import io.weft.weaver.differential.Frag.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One generated program: a {@code @Coroutine} method {@code p<index>} and its helper generators,
 * rendered per {@link Variant}, with the arguments it is called with and the script that drives
 * it.
 */
final class Program {
  /** A method of the program: the main one or a helper. */
  static final class Method {
    final String name;
    final boolean isStatic;
    final String access;
    final List<ProgramGenerator.Var> params;
    final boolean helper;
    Frag body;

    Method(
        String name,
        boolean isStatic,
        String access,
        List<ProgramGenerator.Var> params,
        boolean helper) {
      this.name = name;
      this.isStatic = isStatic;
      this.access = access;
      this.params = params;
      this.helper = helper;
    }

    private String paramList() {
      StringBuilder b = new StringBuilder();
      for (ProgramGenerator.Var p : params) {
        b.append(b.length() == 0 ? "" : ", ").append(p.type.java).append(' ').append(p.name);
      }
      return b.toString();
    }

    private String argList() {
      StringBuilder b = new StringBuilder();
      for (ProgramGenerator.Var p : params) {
        b.append(b.length() == 0 ? "" : ", ").append(p.name);
      }
      return b.toString();
    }

    void render(StringBuilder out, Variant v) {
      String mods = access + (isStatic ? "static " : "");
      String sig = name + "(" + paramList() + ")";
      switch (v) {
        case WOVEN:
          out.append("  @Coroutine\n  ").append(mods).append("Generator<Object> ").append(sig)
              .append(" throws Exception {\n");
          body.render(out, v);
          out.append("  }\n\n");
          break;
        case REFERENCE:
        case MUTANT:
          if (!helper) {
            out.append("  ").append(mods).append("Object ").append(sig)
                .append(" throws Exception {\n");
            body.render(out, v);
            out.append("  }\n\n");
            break;
          }
          out.append("  ").append(mods).append("Object ").append(sig)
              .append(" throws Exception {\n")
              .append("    Ref.enter();\n")
              .append("    Object r;\n")
              .append("    try {\n")
              .append("      r = ").append(name).append("$body(").append(argList()).append(");\n")
              .append("    } catch (Throwable t) {\n")
              .append("      throw Ref.sneaky(Ref.exitThrow(t));\n")
              .append("    }\n")
              .append("    return Ref.exitReturn(r);\n")
              .append("  }\n\n");
          renderBody(out, v);
          break;
        default:
          out.append("  ").append(mods).append("Generator<Object> ").append(sig).append(" {\n")
              .append("    return Thr.start(() -> ").append(name).append("$body(")
              .append(argList()).append("));\n")
              .append("  }\n\n");
          renderBody(out, v);
      }
    }

    private void renderBody(StringBuilder out, Variant v) {
      out.append("  private ").append(isStatic ? "static " : "").append("Object ").append(name)
          .append("$body(").append(paramList()).append(") throws Exception {\n");
      body.render(out, v);
      out.append("  }\n\n");
    }
  }

  final int index;
  final long seed;
  final boolean instance;
  final Script.Mode mode;
  final List<Method> methods = new ArrayList<>();

  Program(int index, long seed, boolean instance, Script.Mode mode) {
    this.index = index;
    this.seed = seed;
    this.instance = instance;
    this.mode = mode;
  }

  /** The name of the main method. */
  String name() {
    return "p" + index;
  }

  Method main() {
    return methods.get(methods.size() - 1);
  }

  /** The methods of this program as they appear in a class of the given variant. */
  String render(Variant v) {
    StringBuilder b = new StringBuilder();
    b.append("  // program ").append(index).append(" (").append(mode).append(")\n");
    for (Method m : methods) {
      m.render(b, v);
    }
    return b.toString();
  }

  /** The script that drives it: the same for every run. */
  Script script() {
    return new Script(seed * 31 + 0x5DEECE66DL, mode);
  }

  /** Fresh arguments for one run (arrays are mutable, so every run gets its own). */
  Object[] arguments() {
    Random r = new Random(seed ^ 0x9E3779B97F4A7C15L);
    List<ProgramGenerator.Var> ps = main().params;
    Object[] args = new Object[ps.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = ProgramGenerator.argument(ps.get(i).type, r);
    }
    return args;
  }

  /** The parameter types of the main method. */
  Class<?>[] parameterTypes() {
    List<ProgramGenerator.Var> ps = main().params;
    Class<?>[] types = new Class<?>[ps.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = ps.get(i).type.clazz;
    }
    return types;
  }

  /** A source file holding only the given programs, in a class of the given name. */
  static String classSource(String pkg, String simpleName, List<Program> programs, Variant v) {
    StringBuilder b = new StringBuilder();
    b.append("package ").append(pkg).append(";\n\n")
        .append("import io.weft.Coroutine;\n")
        .append("import io.weft.Generator;\n")
        .append("import io.weft.weaver.differential.Bang;\n")
        .append("import io.weft.weaver.differential.Boom;\n")
        .append("import io.weft.weaver.differential.Pair;\n")
        .append("import io.weft.weaver.differential.Ref;\n")
        .append("import io.weft.weaver.differential.Res;\n")
        .append("import io.weft.weaver.differential.Rt;\n")
        .append("import io.weft.weaver.differential.Thr;\n\n")
        .append("@SuppressWarnings(\"all\")\n")
        .append("public class ").append(simpleName).append(" {\n")
        .append("  int f = 3;\n")
        .append("  String s = \"f\";\n\n")
        .append("  int im(int a, long b, String c) {\n")
        .append("    f += a;\n")
        .append("    Rt.log(\"im:\" + a + \",\" + b + \",\" + c + \",\" + f);\n")
        .append("    return (int) (a * 5 + b) ^ c.length();\n")
        .append("  }\n\n");
    for (Program p : programs) {
      b.append(p.render(v));
    }
    b.append("}\n");
    return b.toString();
  }
}
