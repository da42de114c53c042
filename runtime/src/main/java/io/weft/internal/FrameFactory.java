package io.weft.internal;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;

/**
 * The bootstrap method behind every woven {@code @Coroutine} call. The first call of a woven
 * method defines its frame class (whose bytes the weaver embedded in the call site) in the
 * woven class's own package and loader, then links the call site to the frame's constructor:
 * later calls cost one allocation.
 *
 * <p>Defining the class here, through the woven class's own {@link MethodHandles.Lookup}, is what
 * lets the weaver turn one class file into one class file (bytes in, bytes out) both in the
 * {@code -javaagent} and at build time: no companion class file to ship, no class loader to
 * inject into.
 */
public final class FrameFactory {
  private FrameFactory() {}

  /**
   * Links a woven coroutine call site.
   *
   * @param caller the woven class's lookup, with full privilege
   * @param name the invoked name (the woven method's name; informational)
   * @param type the call site type: the live arguments, returning the coroutine type
   * @param abi the {@link Abi#VERSION} the class was woven for
   * @param frameClassName the binary name of the frame class
   * @param frameClassBytes the frame class file, one char per byte (ISO-8859-1)
   * @return a constant call site invoking the frame's constructor
   * @throws Throwable on an ABI mismatch ({@link IncompatibleClassChangeError}) or when the frame
   *     class cannot be defined
   */
  public static CallSite bootstrap(
      MethodHandles.Lookup caller,
      String name,
      MethodType type,
      int abi,
      String frameClassName,
      String frameClassBytes)
      throws Throwable {
    if (abi != Abi.VERSION) {
      throw new IncompatibleClassChangeError(
          caller.lookupClass().getName() + "." + name + " was woven for Weft ABI " + abi
              + " but this weft-runtime implements ABI " + Abi.VERSION
              + ": weave it again with the weft-agent or weft-maven-plugin of the same release"
              + " as weft-runtime.");
    }
    Class<?> frameClass = defineOrFind(caller, frameClassName, frameClassBytes);
    MethodHandle constructor =
        caller.findConstructor(frameClass, type.changeReturnType(void.class));
    return new ConstantCallSite(constructor.asType(type));
  }

  private static Class<?> defineOrFind(
      MethodHandles.Lookup caller, String frameClassName, String bytes)
      throws IllegalAccessException, ClassNotFoundException {
    try {
      return caller.defineClass(bytes.getBytes(StandardCharsets.ISO_8859_1));
    } catch (LinkageError alreadyDefined) {
      // Another thread linked the same call site first, or a second call site of this method
      // (the class is per method): use the class already there.
      return Class.forName(frameClassName, false, caller.lookupClass().getClassLoader());
    }
  }
}
