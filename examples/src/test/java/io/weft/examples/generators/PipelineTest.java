package io.weft.examples.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.examples.Stdout;
import org.junit.jupiter.api.Test;

class PipelineTest {

  @Test
  void printsTheNumberedErrorLines() {
    assertEquals(
        """
        1: 09:01 ERROR disk /var is 95% full
        2: 09:03 ERROR GET /missing: not found
        3: 09:05 ERROR worker 3 crashed
        """,
        Stdout.capture(() -> Pipeline.main(new String[0])));
  }
}
