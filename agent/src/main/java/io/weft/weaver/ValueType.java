package io.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The type of one saved value, reduced to what saving it needs: its field sort ({@code I}, {@code
 * J}, {@code F}, {@code D} or {@code L}) and, for references, the class to cast back to on
 * restore. {@link #NULL} (a value the verifier knows is null) is not saved at all: it is pushed
 * again as {@code null}, as EA Async does, because a restored {@code Object} would no longer be
 * assignable where the null was.
 */
final class ValueType {
  static final ValueType INT = new ValueType('I', null);
  static final ValueType LONG = new ValueType('J', null);
  static final ValueType FLOAT = new ValueType('F', null);
  static final ValueType DOUBLE = new ValueType('D', null);
  static final ValueType NULL = new ValueType('N', null);

  /** I, J, F, D, L, or N for null. */
  final char sort;

  /** For L: the internal name or array descriptor to {@code CHECKCAST} to on restore. */
  final String internalName;

  private ValueType(char sort, String internalName) {
    this.sort = sort;
    this.internalName = internalName;
  }

  static ValueType reference(String internalName) {
    return new ValueType('L', internalName);
  }

  /** From an {@code AnalyzerAdapter} frame entry; null for TOP and uninitialized values. */
  static ValueType ofFrameEntry(Object entry) {
    if (entry == Opcodes.INTEGER) {
      return INT;
    } else if (entry == Opcodes.FLOAT) {
      return FLOAT;
    } else if (entry == Opcodes.LONG) {
      return LONG;
    } else if (entry == Opcodes.DOUBLE) {
      return DOUBLE;
    } else if (entry == Opcodes.NULL) {
      return NULL;
    } else if (entry instanceof String) {
      return reference((String) entry);
    }
    return null; // TOP, UNINITIALIZED_THIS, or a Label (uninitialized)
  }

  /** From a descriptor type (a parameter). */
  static ValueType ofType(Type type) {
    switch (type.getSort()) {
      case Type.BOOLEAN:
      case Type.BYTE:
      case Type.CHAR:
      case Type.SHORT:
      case Type.INT:
        return INT;
      case Type.FLOAT:
        return FLOAT;
      case Type.LONG:
        return LONG;
      case Type.DOUBLE:
        return DOUBLE;
      default:
        return reference(type.getInternalName());
    }
  }

  boolean isWide() {
    return sort == 'J' || sort == 'D';
  }

  /** The JVM type of the field or local holding it. */
  Type storageType() {
    switch (sort) {
      case 'I':
        return Type.INT_TYPE;
      case 'J':
        return Type.LONG_TYPE;
      case 'F':
        return Type.FLOAT_TYPE;
      case 'D':
        return Type.DOUBLE_TYPE;
      default:
        return Type.getType(Object.class);
    }
  }

  int loadOpcode() {
    return storageType().getOpcode(Opcodes.ILOAD);
  }

  int storeOpcode() {
    return storageType().getOpcode(Opcodes.ISTORE);
  }

  /** Whether restoring needs a CHECKCAST (a reference more specific than Object). */
  boolean needsCast() {
    return sort == 'L' && !"java/lang/Object".equals(internalName);
  }
}
