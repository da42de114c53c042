package io.weft.weaver;

/** STUB: being written. */
public final class Weaver {
  private final ClassHierarchy hierarchy;

  public Weaver(ClassHierarchy hierarchy) {
    this.hierarchy = hierarchy;
  }

  public static boolean isCandidate(byte[] classFile) {
    return false;
  }

  public static boolean isWoven(byte[] classFile) {
    return false;
  }

  public byte[] weave(byte[] classFile) {
    return null;
  }
}
