package io.weft.agent;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options of the agent, parsed from the text after {@code =} in {@code -javaagent}:
 *
 * <pre>
 * -javaagent:weft-agent.jar[=option(,option)*]
 *
 * option   := include=patterns      classes to weave (default: every class)
 *           | exclude=patterns      classes never to weave (default: none)
 *           | dump=directory        write each woven class before and after weaving
 *           | log=true|false        one line on stderr per woven class (default: false)
 * patterns := pattern((:|;)pattern)*
 * pattern  := a binary class name where * matches any run of characters (dots included)
 *             and ? matches one character: com.example.*, com.example.Feed$*, *Test
 * </pre>
 *
 * <p>For example {@code -javaagent:weft-agent.jar=include=com.example.*:org.foo.*,log=true}. The
 * pattern separator is {@code :} (as in JaCoCo's agent) because it needs no quoting in a shell;
 * {@code ;} is accepted too. A class is woven when it matches an include pattern and no exclude
 * pattern. Each option may be given once; an unknown option, an empty value or a malformed
 * pattern fails agent startup with a message saying what is wrong and what is valid.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AgentOptions {
  /** The usage sentence ending every error message. */
  static final String USAGE =
      "Options (comma-separated): include=<patterns>, exclude=<patterns>, dump=<directory>,"
          + " log=true|false; patterns are class names with * and ?, separated by ':', for"
          + " example -javaagent:weft-agent.jar=include=com.example.*:org.foo.*,log=true";

  private static final Pattern VALID_PATTERN = Pattern.compile("[\\p{L}\\p{N}_$.*?]+");

  private final Pattern include;
  private final Pattern exclude;
  private final Path dumpDirectory;
  private final boolean log;

  private AgentOptions(Pattern include, Pattern exclude, Path dumpDirectory, boolean log) {
    this.include = include;
    this.exclude = exclude;
    this.dumpDirectory = dumpDirectory;
    this.log = log;
  }

  /**
   * Parses the agent argument.
   *
   * @param argument the text after {@code =} in {@code -javaagent:weft-agent.jar=...}. May be
   *     null or empty for the defaults.
   * @return the options
   * @throws IllegalArgumentException with a one-line message naming the bad option and listing
   *     the valid ones
   */
  public static AgentOptions parse(String argument) {
    Pattern include = null;
    Pattern exclude = null;
    Path dump = null;
    boolean log = false;
    Set<String> seen = new HashSet<>();
    String text = argument == null ? "" : argument.trim();
    for (String option : text.isEmpty() ? new String[0] : text.split(",", -1)) {
      int eq = option.indexOf('=');
      String key = (eq < 0 ? option : option.substring(0, eq)).trim();
      String value = eq < 0 ? null : option.substring(eq + 1).trim();
      if (!seen.add(key)) {
        throw invalid("option '" + key + "' is given twice in '" + text + "'.");
      }
      if (!key.equals("include") && !key.equals("exclude") && !key.equals("dump")
          && !key.equals("log")) {
        throw invalid("unknown option '" + key + "' in '" + text + "'.");
      }
      if (value == null || value.isEmpty()) {
        throw invalid("option '" + key + "' needs a value, as " + key + "=...");
      }
      switch (key) {
        case "include" -> include = patterns(key, value);
        case "exclude" -> exclude = patterns(key, value);
        case "dump" -> dump = directory(value);
        default -> log = bool(key, value);
      }
    }
    return new AgentOptions(include, exclude, dump, log);
  }

  /**
   * Says whether the options select a class for weaving.
   *
   * @param internalName the class's internal name ({@code com/example/Feed$1}). Not null.
   * @return true when it matches an include pattern (or none was given) and no exclude pattern
   */
  public boolean selects(String internalName) {
    return (include == null || include.matcher(internalName).matches())
        && (exclude == null || !exclude.matcher(internalName).matches());
  }

  /**
   * Returns the directory given by {@code dump=}.
   *
   * @return the directory, or null when classes are not dumped
   */
  public Path dumpDirectory() {
    return dumpDirectory;
  }

  /**
   * Says whether {@code log=true} was given.
   *
   * @return true to print one line per woven (or skipped unreadable) class
   */
  public boolean log() {
    return log;
  }

  /** Compiles a pattern list into one regex over internal names. */
  private static Pattern patterns(String key, String value) {
    StringBuilder regex = new StringBuilder();
    for (String pattern : value.split("[:;]", -1)) {
      String p = pattern.trim();
      if (!VALID_PATTERN.matcher(p).matches()) {
        throw invalid(
            "'" + p + "' in " + key + "=" + value + " is not a class name pattern: use a binary"
                + " name with dots (com.example.*), * for any characters and ? for one.");
      }
      if (regex.length() > 0) {
        regex.append('|');
      }
      for (char c : p.toCharArray()) {
        switch (c) {
          case '*' -> regex.append(".*");
          case '?' -> regex.append('.');
          case '.' -> regex.append('/');
          default -> regex.append(Pattern.quote(String.valueOf(c)));
        }
      }
    }
    return Pattern.compile(regex.toString());
  }

  private static Path directory(String value) {
    try {
      return Paths.get(value);
    } catch (RuntimeException e) {
      throw invalid("dump=" + value + " is not a directory path: " + e.getMessage());
    }
  }

  private static boolean bool(String key, String value) {
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    throw invalid(key + "=" + value + " must be " + key + "=true or " + key + "=false.");
  }

  private static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException("Invalid weft-agent options: " + problem + " " + USAGE);
  }
}
