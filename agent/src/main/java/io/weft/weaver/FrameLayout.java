package io.weft.weaver;

import io.weft.weaver.CoroutineMethod.SavedLocal;
import io.weft.weaver.CoroutineMethod.SuspendPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assigns the saved values of every suspension point to typed fields of the frame class, as
 * Kotlin names its spilled fields: {@code i0, i1…} for int (and boolean, byte, char, short),
 * {@code j…} long, {@code f…} float, {@code d…} double, {@code r…} references. Fields are reused
 * across suspension points, so the frame has as many fields of a sort as the busiest point needs,
 * and nothing is boxed.
 */
final class FrameLayout {
  /** A field of the frame class. */
  static final class Field {
    final String name;
    final ValueType type;

    Field(String name, ValueType type) {
      this.name = name;
      this.type = type;
    }

    String descriptor() {
      return type.storageType().getDescriptor();
    }
  }

  /** Fields of the whole frame, in declaration order (sorted by name). */
  final List<Field> fields;

  private final Map<String, Field> byName = new TreeMap<>();

  private FrameLayout(CoroutineMethod coroutine) {
    count(fieldsFor(coroutine.entry, List.of()));
    for (SuspendPoint p : coroutine.points) {
      count(fieldsFor(p.locals, p.stack));
    }
    this.fields = new ArrayList<>(byName.values());
  }

  static FrameLayout of(CoroutineMethod coroutine) {
    return new FrameLayout(coroutine);
  }

  private void count(List<Field> used) {
    for (Field f : used) {
      if (f != null) { // a known null has no field
        byName.putIfAbsent(f.name, f);
      }
    }
  }

  /**
   * The fields holding a save point's locals then stack values, in that order; null for a value
   * that is not saved (a known null).
   */
  static List<Field> fieldsFor(List<SavedLocal> locals, List<ValueType> stack) {
    int[] next = new int[128];
    List<Field> out = new ArrayList<>(locals.size() + stack.size());
    for (SavedLocal l : locals) {
      out.add(field(l.type, next));
    }
    for (ValueType t : stack) {
      out.add(field(t, next));
    }
    return out;
  }

  private static Field field(ValueType type, int[] next) {
    char prefix;
    switch (type.sort) {
      case 'I':
        prefix = 'i';
        break;
      case 'J':
        prefix = 'j';
        break;
      case 'F':
        prefix = 'f';
        break;
      case 'D':
        prefix = 'd';
        break;
      case 'L':
        prefix = 'r';
        break;
      default:
        return null; // a known null: nothing to save
    }
    ValueType storage = type.sort == 'L' ? ValueType.reference("java/lang/Object") : type;
    return new Field(String.valueOf(prefix) + next[prefix]++, storage);
  }
}
