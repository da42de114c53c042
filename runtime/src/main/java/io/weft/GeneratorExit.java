package io.weft;

/**
 * Thrown into a suspended generator or coroutine by {@link Generator#close()} so that its
 * {@code finally} blocks run. Mirrors Python's {@code GeneratorExit}.
 *
 * <p>Like Python's, it is not an ordinary exception: Python's derives from {@code
 * BaseException} so that {@code except Exception:} does not swallow it. The Java twin of that
 * rule is {@link Error}: {@code catch (Exception e)} lets it pass, {@code catch (Throwable t)}
 * and {@code finally} see it. A generator that catches it must return or rethrow; yielding
 * again makes {@code close()} fail with "generator ignored GeneratorExit".
 */
public final class GeneratorExit extends Error {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; it carries no stack trace, since it is control flow. */
  public GeneratorExit() {
    super(null, null, false, false);
  }
}
