package io.weft.weaver.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the consumer does to a generator, step by step: a seeded sequence of actions, generated
 * on demand so that every run of a program (woven, reference, threaded) sees the same one.
 */
final class Script {
  /** How the consumer drives the generator. */
  enum Mode {
    /** {@code send} of values (mostly Integers, sometimes null or a String), throwIn, close. */
    VALUES,
    /** {@code send(null)} only (Python's {@code next}), throwIn, close. */
    NULLS,
    /** The Iterator protocol ({@code hasNext}/{@code next}), throwIn, close. */
    ITER
  }

  /** The kinds of step. */
  enum Kind {
    SEND,
    THROW,
    CLOSE,
    /** ITER: {@code hasNext()} then {@code next()}. */
    NEXT,
    /** ITER: {@code next()} alone. */
    NEXT_ONLY,
    /** ITER: {@code hasNext()} twice then {@code next()}. */
    NEXT_TWICE
  }

  /** One step: what to send, or which exception to throw in. */
  static final class Action {
    final Kind kind;
    final Object value;
    final int exceptionNumber;
    final boolean checked;

    Action(Kind kind, Object value, int exceptionNumber, boolean checked) {
      this.kind = kind;
      this.value = value;
      this.exceptionNumber = exceptionNumber;
      this.checked = checked;
    }

    /** A fresh exception to throw in (a new object per run, as each run needs its own). */
    Throwable exception() {
      return checked ? new Boom(exceptionNumber) : new Bang(exceptionNumber);
    }

    @Override
    public String toString() {
      switch (kind) {
        case SEND:
          return "send(" + Rt.repr(value) + ")";
        case THROW:
          return "throwIn(" + Rt.repr(exception()) + ")";
        case CLOSE:
          return "close()";
        case NEXT:
          return "hasNext();next()";
        case NEXT_ONLY:
          return "next()";
        default:
          return "hasNext();hasNext();next()";
      }
    }
  }

  /** After this many steps the consumer closes the generator, so that every run ends. */
  static final int MAX_STEPS = 400;

  final Mode mode;
  private final Random random;
  private final double throwP;
  private final double closeP;
  private final double oddP;
  private final List<Action> actions = new ArrayList<>();
  /** What the consumer does once the generator has finished. */
  final Kind after;

  Script(long seed, Mode mode) {
    this.mode = mode;
    this.random = new Random(seed);
    double[] throwPs = {0, 0.04, 0.1, 0.25};
    double[] closePs = {0, 0.01, 0.04, 0.12};
    double[] oddPs = {0, 0, 0.03, 0.1};
    throwP = throwPs[random.nextInt(throwPs.length)];
    closeP = closePs[random.nextInt(closePs.length)];
    oddP = oddPs[random.nextInt(oddPs.length)];
    int a = random.nextInt(10);
    after = a < 4 ? (mode == Mode.ITER ? Kind.NEXT : Kind.SEND) : a < 7 ? Kind.CLOSE : Kind.THROW;
    // The first step: mostly start the body; now and then throwIn or close a fresh generator.
    int first = random.nextInt(100);
    if (first < 3) {
      actions.add(throwAction());
    } else if (first < 5) {
      actions.add(new Action(Kind.CLOSE, null, 0, false));
    } else {
      actions.add(next());
    }
  }

  /** The action of step {@code i} (0: the first resume). */
  Action get(int i) {
    if (i >= MAX_STEPS) {
      return new Action(Kind.CLOSE, null, 0, false);
    }
    while (actions.size() <= i) {
      double r = random.nextDouble();
      if (r < closeP) {
        actions.add(new Action(Kind.CLOSE, null, 0, false));
      } else if (r < closeP + throwP) {
        actions.add(throwAction());
      } else {
        actions.add(next());
      }
    }
    return actions.get(i);
  }

  /** An exception to throw in after the end. */
  Action afterThrow() {
    return new Action(Kind.THROW, null, 77, false);
  }

  private Action throwAction() {
    return new Action(Kind.THROW, null, random.nextInt(50), random.nextBoolean());
  }

  private Action next() {
    if (mode == Mode.ITER) {
      int k = random.nextInt(10);
      return new Action(k < 7 ? Kind.NEXT : k < 9 ? Kind.NEXT_ONLY : Kind.NEXT_TWICE, null, 0, false);
    }
    if (mode == Mode.NULLS || actions.isEmpty()) {
      return new Action(Kind.SEND, null, 0, false);
    }
    double r = random.nextDouble();
    Object v;
    if (r < oddP / 2) {
      v = "t" + random.nextInt(5);
    } else if (r < oddP) {
      v = null;
    } else {
      v = random.nextInt(24) - 4;
    }
    return new Action(Kind.SEND, v, 0, false);
  }
}
