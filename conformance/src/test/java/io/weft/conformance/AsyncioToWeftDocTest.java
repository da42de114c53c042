package io.weft.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/asyncio-to-weft.md honest: every Weft name it gives exists, every file it links
 * exists and declares what the row names, and every name of {@code asyncio.__all__} has a row.
 *
 * <p>The page's tables headed {@code | Python | Weft | Notes |} are read row by row. A Weft cell
 * is either {@code **not yet**} or {@code **not applicable**} (and then the note says what to do
 * instead), or a comma-separated list of code references followed by shortcut links to files
 * ({@code [Task.java]}, defined at the bottom of the page). A reference is one of:
 *
 * <pre>
 *   io.weft.pkg.Class[.Nested]            a public class
 *   Class[.Nested].member[(args)]         a public method (with that many arguments, when
 *                                         given), field or nested class; Class is the simple
 *                                         name of a public class of a public package
 *   new Class(args)                       a public constructor taking that many arguments
 *   -Dweft.name=value                     a system property the runtime's sources name
 * </pre>
 *
 * Code spans elsewhere (notes, prose) are checked leniently: those that start with a Weft class
 * name must name an existing member; anything else (Python names, JDK names, code) is left
 * alone.
 */
class AsyncioToWeftDocTest {

  private static final Path DOCS = Path.of("../docs");
  private static final Path PAGE = DOCS.resolve("asyncio-to-weft.md");
  private static final Path RUNTIME_SOURCES = Path.of("../runtime/src/main/java");

  /** The packages whose public classes the page may name by their simple names. */
  private static final List<String> PACKAGES =
      List.of("io.weft", "io.weft.sync", "io.weft.net", "io.weft.subprocess", "io.weft.management");

  private static final String NOT_YET = "**not yet**";
  private static final String NOT_APPLICABLE = "**not applicable**";

  /**
   * The names of {@code asyncio.__all__}: Python 3.11's list (Unix), with what 3.12 to 3.14
   * added and the Windows-only names; each must appear in the Python column of some row. Names
   * deprecated or removed since are listed too: the page says what Weft does instead.
   */
  private static final List<String> ASYNCIO_ALL = List.of(
      // 3.11 (python3 -c "import asyncio; print(sorted(asyncio.__all__))"), plus TaskGroup
      "ALL_COMPLETED", "AbstractChildWatcher", "AbstractEventLoop", "AbstractEventLoopPolicy",
      "AbstractServer", "Barrier", "BaseEventLoop", "BaseProtocol", "BaseTransport",
      "BoundedSemaphore", "BrokenBarrierError", "BufferedProtocol", "CancelledError", "Condition",
      "DatagramProtocol", "DatagramTransport", "DefaultEventLoopPolicy", "Event",
      "FIRST_COMPLETED", "FIRST_EXCEPTION", "FastChildWatcher", "Future", "Handle",
      "IncompleteReadError", "InvalidStateError", "LifoQueue", "LimitOverrunError", "Lock",
      "MultiLoopChildWatcher", "PidfdChildWatcher", "PriorityQueue", "Protocol", "Queue",
      "QueueEmpty", "QueueFull", "ReadTransport", "Runner", "SafeChildWatcher",
      "SelectorEventLoop", "Semaphore", "SendfileNotAvailableError", "Server", "StreamReader",
      "StreamReaderProtocol", "StreamWriter", "SubprocessProtocol", "SubprocessTransport", "Task",
      "TaskGroup", "ThreadedChildWatcher", "Timeout", "TimeoutError", "TimerHandle", "Transport",
      "WriteTransport", "_enter_task", "_get_running_loop", "_leave_task", "_register_task",
      "_set_running_loop", "_unregister_task", "all_tasks", "as_completed",
      "create_subprocess_exec", "create_subprocess_shell", "create_task", "current_task",
      "ensure_future", "gather", "get_child_watcher", "get_event_loop", "get_event_loop_policy",
      "get_running_loop", "iscoroutine", "iscoroutinefunction", "isfuture", "new_event_loop",
      "open_connection", "open_unix_connection", "run", "run_coroutine_threadsafe",
      "set_child_watcher", "set_event_loop", "set_event_loop_policy", "shield", "sleep",
      "start_server", "start_unix_server", "timeout", "timeout_at", "to_thread", "wait",
      "wait_for", "wrap_future",
      // 3.12
      "eager_task_factory", "create_eager_task_factory",
      // 3.13
      "EventLoop", "QueueShutDown",
      // 3.14
      "capture_call_graph", "format_call_graph", "print_call_graph", "FutureCallGraph",
      "FrameCallGraphEntry", "future_add_to_awaited_by", "future_discard_from_awaited_by",
      // Windows (windows_events.__all__)
      "ProactorEventLoop", "IocpProactor", "WindowsSelectorEventLoopPolicy",
      "WindowsProactorEventLoopPolicy");

  private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
  private static final Pattern SHORTCUT_LINK = Pattern.compile("\\[([^\\]]+)\\](?![(\\[:])");
  private static final Pattern LINK_DEFINITION = Pattern.compile("^\\[([^\\]]+)\\]: (\\S+)$");
  private static final Pattern INLINE_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern PROPERTY = Pattern.compile("-D(weft\\.[A-Za-z.]+)=\\S+");
  private static final Pattern SNAKE_CASE = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)+");

  private static List<String> lines;
  private static Map<String, String> linkDefinitions;

  @BeforeAll
  static void readPage() throws IOException {
    lines = Files.readAllLines(PAGE);
    linkDefinitions = new HashMap<>();
    for (String line : lines) {
      Matcher m = LINK_DEFINITION.matcher(line);
      if (m.matches()) {
        linkDefinitions.put(m.group(1), m.group(2));
      }
    }
  }

  // ------------------------------------------------------------------------------ the tests

  @Test
  void everyWeftCellNamesWhatExistsOrSaysWhyNot() {
    List<String> problems = new ArrayList<>();
    List<Row> rows = rows();
    assertTrue(rows.size() > 200, "the page's tables were not found: " + rows.size() + " rows");
    int references = 0;
    for (Row row : rows) {
      String weft = row.weft.trim();
      if (weft.equals(NOT_YET) || weft.equals(NOT_APPLICABLE)) {
        if (row.notes.isBlank()) {
          problems.add(row + ": " + weft + " needs a note saying what to use instead");
        }
        continue;
      }
      if (weft.contains(NOT_YET) || weft.contains(NOT_APPLICABLE)) {
        problems.add(row + ": a marker must be the whole Weft cell");
        continue;
      }
      List<String> spans = spans(weft);
      List<String> links = shortcutLinks(weft);
      String rest = SHORTCUT_LINK.matcher(CODE_SPAN.matcher(weft).replaceAll("")).replaceAll("");
      if (!rest.matches("[\\s,]*")) {
        problems.add(row + ": the Weft cell holds text besides references and links: '"
            + rest.trim() + "' (move it to the notes)");
      }
      if (spans.isEmpty()) {
        problems.add(row + ": no reference in the Weft cell");
      }
      if (links.isEmpty()) {
        problems.add(row + ": no link to a file in the Weft cell");
      }
      Set<String> files = new LinkedHashSet<>();
      for (String span : spans) {
        references++;
        Resolved r = resolve(span, true);
        if (r.problem != null) {
          problems.add(row + ": `" + span + "`: " + r.problem);
        } else {
          files.addAll(r.files);
        }
      }
      for (String link : links) {
        String target = linkDefinitions.get(link);
        if (target == null) {
          problems.add(row + ": [" + link + "] has no definition at the bottom of the page");
        } else if (!files.isEmpty() && !files.contains(link)) {
          problems.add(row + ": [" + link + "] is not the file of anything the row names "
              + files);
        }
      }
    }
    assertTrue(references > 400, "too few references found: " + references);
    assertNoProblems(problems);
  }

  @Test
  void everyCodeSpanStartingWithAWeftClassNamesAnExistingMember() {
    List<String> problems = new ArrayList<>();
    Map<Integer, Row> rows = new HashMap<>();
    for (Row row : rows()) {
      rows.put(row.line, row);
    }
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (rows.containsKey(i + 1)) {
        text = rows.get(i + 1).notes; // the Weft column is checked strictly above
      }
      for (String span : spans(text)) {
        Resolved r = resolve(span, false);
        if (r.problem != null) {
          problems.add("line " + (i + 1) + ": `" + span + "`: " + r.problem);
        }
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void everyLinkLeadsToAFile() {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : linkDefinitions.entrySet()) {
      Path target = DOCS.resolve(e.getValue()).normalize();
      if (!Files.isRegularFile(target)) {
        problems.add("[" + e.getKey() + "]: " + e.getValue() + " does not exist");
      } else if (e.getKey().endsWith(".java")
          && !target.getFileName().toString().equals(e.getKey())) {
        problems.add("[" + e.getKey() + "] points at " + e.getValue());
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = INLINE_LINK.matcher(lines.get(i));
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("#")) {
          if (!anchors().contains(target.substring(1))) {
            problems.add("line " + (i + 1) + ": no heading for " + target);
          }
        } else if (!target.contains("://")
            && !Files.exists(DOCS.resolve(target.replaceAll("#.*", "")).normalize())) {
          problems.add("line " + (i + 1) + ": " + target + " does not exist");
        }
      }
      Matcher s = SHORTCUT_LINK.matcher(lines.get(i));
      while (s.find()) {
        if (s.group(1).endsWith(".java") && !linkDefinitions.containsKey(s.group(1))) {
          problems.add("line " + (i + 1) + ": [" + s.group(1) + "] is not defined");
        }
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void everyNameOfAsyncioAllHasARow() {
    StringBuilder python = new StringBuilder();
    for (Row row : rows()) {
      for (String span : spans(row.python)) {
        python.append(span).append('\n');
      }
    }
    List<String> missing = new ArrayList<>();
    for (String name : ASYNCIO_ALL) {
      if (!Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])")
          .matcher(python)
          .find()) {
        missing.add(name);
      }
    }
    assertEquals(List.of(), missing, "asyncio names without a row in " + PAGE);
  }

  // ------------------------------------------------------------------------------ tables

  /** The anchors of the page's headings, as GitHub makes them. */
  private static Set<String> anchors() {
    Set<String> anchors = new java.util.HashSet<>();
    for (String line : lines) {
      if (line.startsWith("#")) {
        String title = line.replaceFirst("^#+\\s*", "").toLowerCase(java.util.Locale.ROOT);
        anchors.add(title.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }

  /** One row of a {@code | Python | Weft | Notes |} table. */
  private record Row(int line, String python, String weft, String notes) {
    @Override
    public String toString() {
      return "line " + line + " (" + python.trim() + ")";
    }
  }

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (!cells(lines.get(i)).equals(List.of("Python", "Weft", "Notes"))
          || !lines.get(i + 1).startsWith("|---")) {
        continue;
      }
      for (int j = i + 2; j < lines.size() && lines.get(j).startsWith("|"); j++) {
        List<String> cells = cells(lines.get(j));
        if (cells.size() != 3) {
          fail("line " + (j + 1) + ": " + cells.size() + " cells instead of 3: " + lines.get(j));
        }
        rows.add(new Row(j + 1, cells.get(0), cells.get(1), cells.get(2)));
      }
    }
    return rows;
  }

  /** Splits a table row at the pipes outside code spans. */
  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    if (!line.startsWith("|")) {
      return cells;
    }
    StringBuilder cell = new StringBuilder();
    boolean code = false;
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '`') {
        code = !code;
      }
      if (c == '|' && !code) {
        cells.add(cell.toString().trim());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    return cells;
  }

  private static List<String> spans(String text) {
    List<String> spans = new ArrayList<>();
    Matcher m = CODE_SPAN.matcher(text);
    while (m.find()) {
      spans.add(m.group(1));
    }
    return spans;
  }

  private static List<String> shortcutLinks(String text) {
    List<String> links = new ArrayList<>();
    Matcher m = SHORTCUT_LINK.matcher(CODE_SPAN.matcher(text).replaceAll(""));
    while (m.find()) {
      links.add(m.group(1));
    }
    return links;
  }

  // ------------------------------------------------------------------------------ references

  /**
   * What a reference resolved to: the source files (as link names, {@code Task.java}) a row
   * may link for it, or the problem.
   */
  private record Resolved(Set<String> files, String problem) {
    static Resolved ok(Set<String> files) {
      return new Resolved(files, null);
    }

    static Resolved bad(String problem) {
      return new Resolved(Set.of(), problem);
    }

    static Resolved skipped() {
      return new Resolved(Set.of(), null);
    }
  }

  /**
   * Resolves {@code span}. Strict: it must be one of the reference forms. Lenient: it is checked
   * only when it starts with a Weft class (simple or qualified with a public package), and its
   * Python-looking members (snake_case) are skipped.
   */
  private static Resolved resolve(String span, boolean strict) {
    String s = span.trim();
    Matcher property = PROPERTY.matcher(s);
    if (property.matches()) {
      return property(property.group(1));
    }
    boolean constructor = s.startsWith("new ");
    if (constructor) {
      s = s.substring(4).trim();
    }
    // the dotted path, then optional arguments and a chain of calls
    int end = 0;
    while (end < s.length()
        && (Character.isJavaIdentifierPart(s.charAt(end)) || s.charAt(end) == '.')) {
      end++;
    }
    String path = s.substring(0, end);
    String after = s.substring(end);
    if (constructor && after.startsWith("<")) {
      int close = after.indexOf('>');
      after = close < 0 ? after : after.substring(close + 1);
    }
    if (path.isEmpty() || path.startsWith(".") || path.endsWith(".")) {
      return strict ? Resolved.bad("not a reference") : Resolved.skipped();
    }
    List<String> segments = List.of(path.split("\\."));
    // the class: a public package plus classes, or a simple name plus nested classes
    Class<?> type;
    int next;
    if (segments.get(0).equals("io")) {
      int p = 0;
      while (p < segments.size() && Character.isLowerCase(segments.get(p).charAt(0))) {
        p++;
      }
      String pkg = String.join(".", segments.subList(0, p));
      if (p == segments.size() || !isWeftPackage(pkg)) {
        return strict ? Resolved.bad("no such package: " + pkg) : Resolved.skipped();
      }
      type = load(pkg + "." + segments.get(p));
      if (type == null) {
        return Resolved.bad("no public class " + pkg + "." + segments.get(p));
      }
      next = p + 1;
    } else {
      type = simpleClass(segments.get(0));
      if (type == null) {
        return strict ? Resolved.bad("no public class " + segments.get(0) + " in " + PACKAGES)
            : Resolved.skipped();
      }
      next = 1;
    }
    while (next < segments.size()) {
      Class<?> nested = nested(type, segments.get(next));
      if (nested == null) {
        break;
      }
      type = nested;
      next++;
    }
    Set<String> files = new LinkedHashSet<>();
    files.add(fileOf(type));
    Integer arguments = null;
    String chain = "";
    if (after.startsWith("(")) {
      int close = closing(after);
      if (close < 0) {
        return Resolved.bad("unbalanced parentheses");
      }
      arguments = countArguments(after.substring(1, close));
      chain = after.substring(close + 1);
    } else if (!after.isEmpty()) {
      return strict ? Resolved.bad("unexpected '" + after + "'") : Resolved.skipped();
    }
    if (strict && !chain.isEmpty()) {
      return Resolved.bad("a chain of calls: name the first call only");
    }
    if (constructor) {
      if (next != segments.size()) {
        return Resolved.bad("no public nested class " + segments.get(next) + " in " + type);
      }
      if (!hasConstructor(type, arguments == null ? -1 : arguments)) {
        return Resolved.bad("no public constructor of " + type.getName() + " taking "
            + arguments + " arguments");
      }
      return Resolved.ok(files);
    }
    if (next == segments.size()) {
      if (arguments != null) {
        return Resolved.bad("a class called like a method");
      }
      return Resolved.ok(files); // a class
    }
    if (next != segments.size() - 1) {
      return Resolved.bad("no member " + segments.get(next) + " in " + type.getName());
    }
    String member = segments.get(next);
    if (!strict && SNAKE_CASE.matcher(member).matches()) {
      return Resolved.skipped(); // a Python name in prose
    }
    Set<Class<?>> declaring = members(type, member, arguments);
    if (declaring.isEmpty()) {
      return Resolved.bad(type.getName() + " has no public member " + member
          + (arguments == null ? "" : " taking " + arguments + " arguments"));
    }
    for (Class<?> c : declaring) {
      files.add(fileOf(c));
    }
    return Resolved.ok(files);
  }

  private static Resolved property(String name) {
    try (Stream<Path> sources = Files.walk(RUNTIME_SOURCES)) {
      Set<String> files = sources
          .filter(p -> p.toString().endsWith(".java"))
          .filter(p -> read(p).contains("\"" + name + "\""))
          .map(p -> p.getFileName().toString())
          .collect(Collectors.toCollection(LinkedHashSet::new));
      return files.isEmpty() ? Resolved.bad("the runtime reads no property " + name)
          : Resolved.ok(files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isWeftPackage(String pkg) {
    return pkg.equals("io.weft") || pkg.startsWith("io.weft.") && !pkg.contains("internal");
  }

  private static Class<?> load(String name) {
    try {
      Class<?> c = Class.forName(name, false, AsyncioToWeftDocTest.class.getClassLoader());
      return Modifier.isPublic(c.getModifiers()) ? c : null;
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  private static Class<?> simpleClass(String name) {
    if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
      return null;
    }
    List<Class<?>> found = new ArrayList<>();
    for (String pkg : PACKAGES) {
      Class<?> c = load(pkg + "." + name);
      if (c != null) {
        found.add(c);
      }
    }
    if (found.size() > 1) {
      fail(name + " is ambiguous: " + found + "; qualify it");
    }
    return found.isEmpty() ? null : found.get(0);
  }

  private static Class<?> nested(Class<?> outer, String name) {
    for (Class<?> c : outer.getClasses()) {
      if (c.getSimpleName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** The link name of the source file declaring {@code c}: its top-level class's. */
  private static String fileOf(Class<?> c) {
    while (c.getEnclosingClass() != null) {
      c = c.getEnclosingClass();
    }
    return c.getSimpleName() + ".java";
  }

  private static int closing(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The arguments of a call as written: top-level commas, outside (), [], {} and &lt;&gt;. */
  private static int countArguments(String args) {
    if (args.isBlank()) {
      return 0;
    }
    int depth = 0;
    int count = 1;
    for (int i = 0; i < args.length(); i++) {
      char c = args.charAt(i);
      if ("([{<".indexOf(c) >= 0) {
        depth++;
      } else if (c == '>' && i > 0 && args.charAt(i - 1) == '-') {
        continue; // a lambda's arrow
      } else if (")]}>".indexOf(c) >= 0) {
        depth--;
      } else if (c == ',' && depth == 0) {
        count++;
      }
    }
    return count;
  }

  private static boolean takes(int parameters, boolean varargs, int arguments) {
    return arguments < 0 || parameters == arguments || varargs && arguments >= parameters - 1;
  }

  private static boolean hasConstructor(Class<?> type, int arguments) {
    for (Constructor<?> c : type.getConstructors()) {
      if (takes(c.getParameterCount(), c.isVarArgs(), arguments)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The classes declaring a public method (taking {@code arguments} arguments, when not null),
   * field or nested class named {@code name} that {@code type} has.
   */
  private static Set<Class<?>> members(Class<?> type, String name, Integer arguments) {
    Set<Class<?>> declaring = new LinkedHashSet<>();
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name)
          && takes(m.getParameterCount(), m.isVarArgs(), arguments == null ? -1 : arguments)) {
        declaring.add(m.getDeclaringClass());
      }
    }
    if (arguments == null) {
      for (Field f : type.getFields()) {
        if (f.getName().equals(name)) {
          declaring.add(f.getDeclaringClass());
        }
      }
      Class<?> nested = nested(type, name);
      if (nested != null) {
        declaring.add(nested.getDeclaringClass());
      }
    }
    return declaring;
  }

  private static void assertNoProblems(List<String> problems) {
    if (!problems.isEmpty()) {
      fail(problems.size() + " problems in " + PAGE + ":\n  " + String.join("\n  ", problems));
    }
  }
}
