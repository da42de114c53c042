package io.weft;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that the Weft weaver rewrites into a resumable state machine: Python's
 * {@code async def} (when it returns {@link Coro}) and generator functions (when it returns
 * {@link Generator}).
 *
 * <p>Calling an annotated method runs none of its body: it returns an inert coroutine object
 * holding the arguments, exactly as calling a Python generator function or {@code async def}
 * does. The body runs when the object is iterated, sent to, awaited or scheduled.
 *
 * <p>The method must return {@link Generator} or {@link Coro}, must not be abstract, native,
 * a constructor or an initializer, and must end every path with {@code return
 * Generator.done(...)} (or {@code Asyncio.done(...)}). Suspension points ({@link
 * Generator#yield(Object)}, {@link Generator#yieldFrom(Generator)}) may appear anywhere except
 * inside a {@code synchronized} block. The weaver refuses anything else at weave time with a
 * message naming the class, the method, the source line and the fix.
 *
 * <p>Weaving happens either at build time ({@code weft-maven-plugin}, goal {@code weave}) or at
 * class load ({@code java -javaagent:weft-agent.jar}). Code that runs without either fails at
 * its first suspension with an {@link IllegalStateException} saying how to enable weaving.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Coroutine {}
