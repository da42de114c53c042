package io.weft.internal;

import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;

/**
 * Defines the frame classes of a woven class. The weaver prepends a call to {@link #define} per
 * coroutine method to the woven class's static initializer, passing the frame class's bytes
 * (embedded in the woven class as a string constant) and the woven class's own {@link
 * MethodHandles.Lookup}; the frame class is thereby defined in the woven class's package and
 * loader before any of its coroutine methods can run, and the methods create frames with a plain
 * {@code new}, which the JIT can inline and scalar-replace.
 *
 * <p>Defining the class here is what lets the weaver turn one class file into one class file
 * (bytes in, bytes out) both in the {@code -javaagent} and at build time: no companion class file
 * to ship, no class loader to inject into.
 */
public final class FrameFactory {
  private FrameFactory() {}

  /**
   * Defines one frame class of a woven class; called from the woven class's static initializer.
   *
   * @param host the woven class's lookup, with full privilege
   * @param abi the {@link Abi#VERSION} the class was woven for
   * @param frameClassName the binary name of the frame class
   * @param frameClassBytes the frame class file, one char per byte (ISO-8859-1)
   * @throws IncompatibleClassChangeError on an ABI mismatch, naming the class and the fix
   * @throws IllegalAccessException when the lookup cannot define classes (not the host's own)
   */
  public static void define(
      MethodHandles.Lookup host, int abi, String frameClassName, String frameClassBytes)
      throws IllegalAccessException {
    if (abi != Abi.VERSION) {
      throw new IncompatibleClassChangeError(
          host.lookupClass().getName() + " was woven for Weft ABI " + abi
              + " but this weft-runtime implements ABI " + Abi.VERSION
              + ": weave it again with the weft-agent or weft-maven-plugin of the same release"
              + " as weft-runtime.");
    }
    try {
      host.defineClass(frameClassBytes.getBytes(StandardCharsets.ISO_8859_1));
    } catch (LinkageError alreadyDefined) {
      // The loader has it already: the same bytes, defined by an earlier initialization attempt
      // of the host in this loader. Anything else is a real error.
      try {
        Class.forName(frameClassName, false, host.lookupClass().getClassLoader());
      } catch (ClassNotFoundException notThere) {
        throw alreadyDefined;
      }
    }
  }
}
