package io.weft.examples;

/** What the {@code load-time} example prints, as its Javadoc shows it. */
final class LoadTimeOutput {
  private LoadTimeOutput() {}

  static final String EXPECTED =
      """
      squares: 1 4 9 16
      tick 1
      tick 2
      tick 3
      gather: [A, B, C]
      async lambda: hello!
      """;
}
