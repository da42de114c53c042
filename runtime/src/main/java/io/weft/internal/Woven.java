package io.weft.internal;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class the weaver has rewritten, with the ABI version it was rewritten for. The agent and
 * the Maven plugin skip classes that carry it, so build-time weaving plus the agent weaves once.
 */
@Retention(RetentionPolicy.CLASS)
@Target(java.lang.annotation.ElementType.TYPE)
public @interface Woven {
  /**
   * Returns the ABI version the class was woven for: {@link Abi#VERSION} of the weaver.
   *
   * @return the version
   */
  int abi();
}
