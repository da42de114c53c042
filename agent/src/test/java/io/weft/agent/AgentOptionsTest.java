package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  "})
  void noArgumentMeansEveryClassNoLogNoDump(String argument) {
    AgentOptions options = AgentOptions.parse(argument);
    assertTrue(options.selects("com/example/Feed"));
    assertTrue(options.selects("Feed$1"));
    assertFalse(options.log());
    assertNull(options.dumpDirectory());
  }

  @Test
  void allOptionsTogether() {
    AgentOptions options = AgentOptions.parse(
        "include=com.example.*:org.foo.*,exclude=com.example.Generated*,dump=/tmp/woven,log=true");
    assertTrue(options.log());
    assertEquals(Paths.get("/tmp/woven"), options.dumpDirectory());
    assertTrue(options.selects("com/example/Feed"));
    assertTrue(options.selects("com/example/sub/Feed$Inner"));
    assertTrue(options.selects("org/foo/Bar"));
    assertFalse(options.selects("com/example/GeneratedFeed"), "exclude wins over include");
    assertFalse(options.selects("org/other/Bar"));
    assertFalse(options.selects("com/examples/Feed"), "the dot is literal");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "include=com.example.*;org.foo.*    | org/foo/Bar           | true",
    "include=com.example.* : org.foo.*  | org/foo/Bar           | true",
    "include=com.example.Feed           | com/example/Feed      | true",
    "include=com.example.Feed           | com/example/Feed$1    | false",
    "include=com.example.Feed*          | com/example/Feed$1    | true",
    "include=com.example.Fe?d           | com/example/Feed      | true",
    "include=com.example.Fe?d           | com/example/Fed       | false",
    "include=*Test                      | a/b/FeedTest          | true",
    "include=*Test                      | a/b/FeedTests         | false",
    "exclude=*$*                        | a/Feed$1              | false",
    "exclude=*$*                        | a/Feed                | true",
    "include=a.b_c.D1                   | a/b_c/D1              | true",
  })
  void patterns(String argument, String internalName, boolean selected) {
    assertEquals(selected, AgentOptions.parse(argument).selects(internalName));
  }

  @Test
  void logFalseIsAccepted() {
    assertFalse(AgentOptions.parse("log=false").log());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "verbose=true                | unknown option 'verbose' in 'verbose=true'.",
    "log=true,Log=true           | unknown option 'Log'",
    "log                         | option 'log' needs a value, as log=...",
    "include=                    | option 'include' needs a value, as include=...",
    "log=yes                     | log=yes must be log=true or log=false.",
    "log=true,log=false          | option 'log' is given twice",
    "include=com/example/*       | 'com/example/*' in include=com/example/* is not a class name pattern",
    "include=a.*::b.*            | '' in include=a.*::b.* is not a class name pattern",
    "'include=a.*,,log=true'     | unknown option ''",
    "exclude=com.example.[A-Z]*  | is not a class name pattern",
  })
  void invalidOptionsAreRejectedWithTheReasonAndTheUsage(String argument, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse(argument));
    assertTrue(e.getMessage().startsWith("Invalid weft-agent options: "), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertTrue(e.getMessage().endsWith(AgentOptions.USAGE), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
