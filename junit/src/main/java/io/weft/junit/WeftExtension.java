package io.weft.junit;

import io.weft.Coro;
import io.weft.EventLoop;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The Jupiter extension behind {@link CoroutineTest}: runs the coroutine a {@code @CoroutineTest}
 * method returns on the test's own loop, and resolves {@link EventLoop} parameters to that loop.
 * Python's {@code IsolatedAsyncioTestCase} machinery; registered by the annotation, so tests never
 * name it.
 *
 * <p>A {@code @CoroutineTest} is a {@code @TestFactory} to Jupiter (only {@code void} methods can
 * be {@code @Test}s): {@link #interceptTestFactoryMethod} calls the method, which builds the
 * coroutine without running it, and hands Jupiter one dynamic test that runs it through {@link
 * LoopHarness}. Other factory methods of a class that registers this extension are left alone.
 *
 * <p><b>Thread:</b> Jupiter calls it on the test's thread, which then runs the loop.
 */
public final class WeftExtension implements InvocationInterceptor, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(WeftExtension.class);

  /** Creates the extension; Jupiter does, through {@link CoroutineTest}'s {@code @ExtendWith}. */
  public WeftExtension() {}

  /**
   * Calls a {@code @CoroutineTest} method and returns one dynamic test running the coroutine it
   * returned on the test's loop; any other factory method proceeds unchanged.
   *
   * @param invocation the call of the test method
   * @param invocationContext the method and its arguments
   * @param extensionContext the test method's context
   * @param <T> the method's declared return type (a coroutine type)
   * @return a stream of one {@link DynamicTest}, in place of the coroutine
   * @throws Throwable what calling the method raised; an {@link IllegalStateException} when it
   *     returned something other than a coroutine
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext)
      throws Throwable {
    Method method = invocationContext.getExecutable();
    CoroutineTest config = find(method, CoroutineTest.class, new HashSet<>());
    if (config == null) {
      return invocation.proceed();
    }
    Resource resource = resource(extensionContext, config);
    Object returned = invocation.proceed();
    if (!(returned instanceof Coro)) {
      throw new IllegalStateException("@CoroutineTest method " + method + " returned "
          + (returned == null ? "null" : "a " + returned.getClass().getName())
          + ", not a coroutine: declare it '@Coroutine Coro<Void> " + method.getName()
          + "()' and end it with 'return done();'");
    }
    Coro<?> coro = (Coro<?>) returned;
    resource.coro = coro;
    return (T) Stream.of(DynamicTest.dynamicTest(extensionContext.getDisplayName(), () -> {
      resource.coro = null;
      resource.harness.run(coro);
    }));
  }

  /**
   * Resolves a parameter of type {@link EventLoop} of a {@code @CoroutineTest} method or of its
   * lifecycle methods.
   *
   * @param parameterContext the parameter
   * @param extensionContext the context
   * @return whether it is an EventLoop parameter of a coroutine test
   */
  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == EventLoop.class
        && config(extensionContext) != null;
  }

  /**
   * Returns the test's loop, created now if the test method has not run yet. It is not running
   * until the coroutine runs.
   *
   * @param parameterContext the parameter
   * @param extensionContext the context
   * @return the loop
   */
  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    CoroutineTest config = config(extensionContext);
    if (config == null) {
      throw new ParameterResolutionException("an EventLoop parameter is only resolved for a"
          + " @CoroutineTest method and its lifecycle methods");
    }
    return resource(extensionContext, config).harness.loop();
  }

  private static CoroutineTest config(ExtensionContext context) {
    Optional<Method> method = context.getTestMethod();
    return method.isPresent() ? find(method.get(), CoroutineTest.class, new HashSet<>()) : null;
  }

  /** The test's harness, made on first use and closed with the test method's context. */
  private static Resource resource(ExtensionContext context, CoroutineTest config) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    return store.getOrComputeIfAbsent(context.getUniqueId(),
        id -> new Resource(new LoopHarness(WeftTest.Options.of(config), context.getDisplayName())),
        Resource.class);
  }

  /**
   * {@code annotation} on {@code element}, directly or through annotations meta-annotated with
   * it (a user's own composed annotation).
   */
  private static <A extends Annotation> A find(
      AnnotatedElement element, Class<A> annotation, Set<Class<?>> seen) {
    A direct = element.getAnnotation(annotation);
    if (direct != null) {
      return direct;
    }
    for (Annotation a : element.getAnnotations()) {
      Class<? extends Annotation> type = a.annotationType();
      if (!type.getName().startsWith("java.lang.annotation.") && seen.add(type)) {
        A meta = find(type, annotation, seen);
        if (meta != null) {
          return meta;
        }
      }
    }
    return null;
  }

  /** What the store keeps per test: closes the loop and the coroutine if the test never ran. */
  private static final class Resource implements ExtensionContext.Store.CloseableResource {
    final LoopHarness harness;
    Coro<?> coro;

    Resource(LoopHarness harness) {
      this.harness = harness;
    }

    @Override
    public void close() {
      Coro<?> c = coro;
      coro = null;
      if (c != null) {
        c.close(); // built but never run: close it, as Python closes a coroutine it will not run
      }
      harness.close();
    }
  }
}
