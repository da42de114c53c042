package io.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * The control-flow graph of a method, by instruction index: normal successors and exception
 * successors (every handler whose range covers the instruction). Built with ASM's {@link
 * Analyzer} over {@link BasicInterpreter}, which needs no class loading.
 */
final class ControlFlow {
  final List<List<Integer>> successors;

  private ControlFlow(List<List<Integer>> successors) {
    this.successors = successors;
  }

  static ControlFlow of(String owner, MethodNode method) throws AnalyzerException {
    int size = method.instructions.size();
    List<List<Integer>> successors = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      successors.add(new ArrayList<>(2));
    }
    Analyzer<BasicValue> analyzer =
        new Analyzer<>(new BasicInterpreter()) {
          @Override
          protected void newControlFlowEdge(int insn, int successor) {
            add(insn, successor);
          }

          @Override
          protected boolean newControlFlowExceptionEdge(int insn, int successor) {
            add(insn, successor);
            return true;
          }

          private void add(int insn, int successor) {
            List<Integer> s = successors.get(insn);
            if (!s.contains(successor)) {
              s.add(successor);
            }
          }
        };
    analyzer.analyze(owner, method);
    return new ControlFlow(successors);
  }
}
