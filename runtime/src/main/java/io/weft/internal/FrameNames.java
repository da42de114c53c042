package io.weft.internal;

/**
 * Names of generated frame classes. The weaver names the frame class of method {@code m} of class
 * {@code p.C} {@code p.C$$m$N}, N counting the woven methods of {@code C} in class-file order.
 */
public final class FrameNames {
  private FrameNames() {}

  /** Separator between the host class name and the method name in a frame class name. */
  public static final String SEPARATOR = "$$";

  /**
   * Returns the internal name of the frame class for a woven method.
   *
   * @param hostInternalName the internal name of the class declaring the method
   * @param methodName the method's name
   * @param ordinal the method's index among the woven methods of its class
   * @return the frame class's internal name
   */
  public static String frameClass(String hostInternalName, String methodName, int ordinal) {
    String safe = methodName.replace('<', '_').replace('>', '_');
    return hostInternalName + SEPARATOR + safe + "$" + ordinal;
  }

  /**
   * Returns {@code "C.m"} for a frame class, for messages and {@code toString}.
   *
   * @param frameClass a generated frame class
   * @return the simple host name and the method name
   */
  static String describe(Class<?> frameClass) {
    String name = frameClass.getName();
    int sep = name.lastIndexOf(SEPARATOR);
    int end = name.lastIndexOf('$');
    if (sep < 0 || end <= sep + 1) {
      return name;
    }
    String host = name.substring(name.lastIndexOf('.') + 1, sep);
    return host + "." + name.substring(sep + SEPARATOR.length(), end);
  }
}
