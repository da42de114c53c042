/**
 * Differential testing of the weaver against plain Java.
 *
 * <p>{@link io.weft.weaver.differential.ProgramGenerator} writes random, reproducible generator
 * programs. Each program is rendered from one tree ({@link io.weft.weaver.differential.Frag}) in
 * several variants:
 *
 * <ul>
 *   <li>WOVEN: {@code @Coroutine} methods calling {@code Generator.yield}, {@code
 *       Generator.yieldFrom} and returning {@code Generator.done(r)}; compiled, woven by the
 *       weaver (through the shared {@code WovenClasses} harness, which also runs ASM's
 *       CheckClassAdapter) and run as generators;
 *   <li>REFERENCE: plain methods where {@code yield} is a call of {@link
 *       io.weft.weaver.differential.Ref#yield}, which records the value and performs the
 *       consumer's next scripted action in place (returns the value sent, raises the exception
 *       thrown in, or raises GeneratorExit for close); {@code yieldFrom(h(..))} is a plain call of
 *       the reference helper; {@code done(r)} is {@code return r};
 *   <li>THREADED: generators on threads with PEP 380's expansion of {@code yield from} ({@link
 *       io.weft.weaver.differential.Thr}), an independent implementation used to check the
 *       reference itself;
 *   <li>MUTANT: a deliberately wrong reference, which the harness must catch.
 * </ul>
 *
 * <p>Every run of a program gets the same arguments and the same {@link
 * io.weft.weaver.differential.Script} of sends, throwIns, closes (or hasNext/next), and records
 * one trace: each action, each yielded value, each side effect of the body ({@code Rt.log},
 * {@code Rt.snap} of the live variables, resources opened, used and closed, ...), the result or
 * the exception, the final state, and what the finished generator does when used again. Traces
 * must be equal.
 *
 * <p>Run {@code mvn -B test -pl agent -Dtest=DifferentialTest}; {@code
 * -Dweft.differential.programs=N}, {@code -Dweft.differential.seed=S} and {@code
 * -Dweft.differential.only=I[,J...]} choose what runs. Differences are printed with the seed, the
 * program's index, its source in both variants and both traces, and are all written to {@code
 * agent/target/differential-failures.txt}.
 */
package io.weft.weaver.differential;
