import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the bar charts of docs/performance.md from docs/charts/results.csv: one PNG per chart
 * id, one panel per workload, one bar per system, Weft highlighted, the ratio against the
 * baseline in each panel's heading and in the title.
 *
 * <p>A single-file program for the JDK's source launcher (JDK 17+: no build, no dependency):
 *
 * <pre>
 * java -Djava.awt.headless=true docs/charts/Charts.java [results.csv [output directory]]
 * </pre>
 *
 * run from the repository root; the defaults are {@code docs/charts/results.csv} and {@code
 * docs/charts}. Before drawing it checks that every figure of the CSV (values and errors) and
 * every section it names appear in {@code docs/performance.md}, so a chart cannot show a number
 * the report does not.
 *
 * <p>CSV columns: {@code chart,title,workload,system,role,value,error,unit,lower_is_better,
 * section}; {@code #} starts a comment line; fields may be quoted. Rows with the same chart,
 * workload and system are runs of one measurement: the bar is their median. {@code role} is
 * {@code weft} (the highlighted bar), {@code baseline} (the ratio's denominator) or {@code other}.
 */
public final class Charts {

  static {
    // before any AWT class: no display is needed (also when the -D flag is left out)
    System.setProperty("java.awt.headless", "true");
  }

  private static final int WIDTH = 1100;
  private static final int MARGIN = 28;
  private static final int BAR_HEIGHT = 26;
  private static final int BAR_GAP = 10;
  private static final int VALUE_ROOM = 210;

  private static final Color TEXT = new Color(0x22, 0x22, 0x22);
  private static final Color MUTED = new Color(0x5f, 0x66, 0x6d);
  private static final Color RULE = new Color(0xd8, 0xdc, 0xe0);
  private static final Color WEFT = new Color(0xd9, 0x5f, 0x02);
  private static final Color BASELINE = new Color(0x4a, 0x55, 0x60);
  private static final Color OTHER = new Color(0xa7, 0xb1, 0xb9);

  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
  private static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  private static final Font VALUE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  private static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  /** One CSV row. */
  record Row(String chart, String title, String workload, String system, String role,
      String value, String error, String unit, boolean lowerIsBetter, String section) {}

  /** One bar: the median of its runs, its error, how to print it. */
  record Bar(String system, String role, double value, double error, String text) {}

  /** One workload of a chart. */
  record Panel(String workload, String unit, boolean lowerIsBetter, List<Bar> bars) {

    Bar weft() {
      return bars.stream().filter(b -> b.role.equals("weft")).findFirst().orElse(null);
    }

    Bar baseline() {
      return bars.stream().filter(b -> b.role.equals("baseline")).findFirst().orElse(null);
    }

    /** "5.3x smaller", "10.1x slower", "the same (1.00x)"; null without both bars. */
    String ratioWords() {
      Bar w = weft();
      Bar b = baseline();
      if (w == null || b == null || w.value <= 0 || b.value <= 0) {
        return null;
      }
      double r = w.value / b.value; // below 1: Weft's figure is lower
      if (Math.abs(r - 1) < 0.005) {
        return "the same (1.00x)";
      }
      double times = r < 1 ? 1 / r : r;
      boolean lower = r < 1;
      String word = unit.equals("B")
          ? (lower ? "smaller" : "larger")
          : (lower == lowerIsBetter ? "faster" : "slower");
      return times(times) + " " + word;
    }

    /** "Weft 5.3x smaller than loom1"; null without both bars. */
    String ratio() {
      String words = ratioWords();
      if (words == null) {
        return null;
      }
      return words.startsWith("the same")
          ? weft().system + " and " + baseline().system + ": " + words
          : weft().system + " " + words + " than " + baseline().system;
    }
  }

  public static void main(String[] args) throws IOException {
    Path csv = Path.of(args.length > 0 ? args[0] : "docs/charts/results.csv");
    Path out = Path.of(args.length > 1 ? args[1] : "docs/charts");
    List<Row> rows = read(csv);
    Path report = Path.of("docs/performance.md");
    if (Files.exists(report)) {
      checkAgainst(rows, Files.readString(report));
    } else {
      System.err.println("docs/performance.md not found: the figures are not checked");
    }
    Map<String, List<Row>> charts = new LinkedHashMap<>();
    for (Row r : rows) {
      charts.computeIfAbsent(r.chart, k -> new ArrayList<>()).add(r);
    }
    Files.createDirectories(out);
    for (Map.Entry<String, List<Row>> chart : charts.entrySet()) {
      Path png = out.resolve(chart.getKey() + ".png");
      List<Row> chartRows = chart.getValue();
      ImageIO.write(draw(chartRows.get(0).title, chartRows.get(0).section, panels(chartRows)),
          "png", png.toFile());
      System.out.println("wrote " + png);
    }
  }

  // ------------------------------------------------------------------------------ data

  static List<Row> read(Path csv) throws IOException {
    List<Row> rows = new ArrayList<>();
    boolean header = true;
    for (String line : Files.readAllLines(csv)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> f = fields(line);
      if (header) {
        header = false;
        continue;
      }
      if (f.size() != 10) {
        throw new IllegalArgumentException(csv + ": 10 fields expected, got " + f.size()
            + ": " + line);
      }
      rows.add(new Row(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6),
          f.get(7), Boolean.parseBoolean(f.get(8)), f.get(9)));
    }
    return rows;
  }

  /** Splits one CSV line; double quotes protect commas, and "" is a quote. */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    fields.add(f.toString());
    return fields;
  }

  /** Fails unless every figure and section of the CSV is in the report's text. */
  static void checkAgainst(List<Row> rows, String report) {
    String text = report.replace("`", "");
    List<String> missing = new ArrayList<>();
    for (Row r : rows) {
      for (String figure : new String[] {r.value, r.error}) {
        if (!figure.isEmpty() && !containsFigure(text, figure)) {
          missing.add(r.chart + " / " + r.workload + " / " + r.system + ": " + figure);
        }
      }
      if (!text.contains("# " + r.section)) {
        missing.add(r.chart + ": no section \"" + r.section + "\"");
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("not in docs/performance.md:\n  "
          + String.join("\n  ", new java.util.LinkedHashSet<>(missing)));
    }
  }

  /** Whether {@code figure} occurs as a number (also with thousands separators) in text. */
  static boolean containsFigure(String text, String figure) {
    String grouped = figure;
    int dot = figure.indexOf('.');
    String whole = dot < 0 ? figure : figure.substring(0, dot);
    if (whole.length() > 3) {
      grouped = String.format(Locale.ROOT, "%,d", Long.parseLong(whole))
          + (dot < 0 ? "" : figure.substring(dot));
    }
    for (String f : new String[] {figure, grouped}) {
      java.util.regex.Matcher m = java.util.regex.Pattern
          .compile("(?<![0-9.,])" + java.util.regex.Pattern.quote(f) + "(?![0-9])")
          .matcher(text);
      if (m.find()) {
        return true;
      }
    }
    return false;
  }

  static List<Panel> panels(List<Row> rows) {
    Map<String, Map<String, List<Row>>> byWorkload = new LinkedHashMap<>();
    for (Row r : rows) {
      byWorkload.computeIfAbsent(r.workload, k -> new LinkedHashMap<>())
          .computeIfAbsent(r.system, k -> new ArrayList<>())
          .add(r);
    }
    List<Panel> panels = new ArrayList<>();
    for (Map.Entry<String, Map<String, List<Row>>> w : byWorkload.entrySet()) {
      List<Bar> bars = new ArrayList<>();
      Row first = null;
      for (Map.Entry<String, List<Row>> s : w.getValue().entrySet()) {
        List<Row> runs = s.getValue();
        first = runs.get(0);
        bars.add(bar(runs));
      }
      panels.add(new Panel(w.getKey(), first.unit, first.lowerIsBetter, bars));
    }
    return panels;
  }

  /** The median of the runs, printed with as many decimals as the figures have. */
  static Bar bar(List<Row> runs) {
    List<BigDecimal> values = new ArrayList<>();
    int decimals = 0;
    for (Row r : runs) {
      BigDecimal v = new BigDecimal(r.value);
      values.add(v);
      decimals = Math.max(decimals, Math.max(0, v.scale()));
    }
    values.sort(null);
    int n = values.size();
    BigDecimal median = n % 2 == 1 ? values.get(n / 2)
        : values.get(n / 2 - 1).add(values.get(n / 2)).divide(BigDecimal.valueOf(2));
    median = median.stripTrailingZeros();
    if (median.scale() < decimals) {
      median = median.setScale(decimals);
    }
    Row first = runs.get(0);
    double error = first.error.isEmpty() ? 0 : Double.parseDouble(first.error);
    String text = number(median.doubleValue(), Math.max(0, median.scale()));
    if (!first.error.isEmpty()) {
      text += " ± " + first.error;
    }
    text += " " + first.unit;
    if (n > 1) {
      text += "  (median of " + n + ")";
    }
    return new Bar(first.system, first.role, median.doubleValue(), error, text);
  }

  static String number(double v, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  static String times(double t) {
    if (t >= 20) {
      return String.format(Locale.ROOT, "%.0fx", t);
    }
    return String.format(Locale.ROOT, t >= 2 ? "%.1fx" : "%.2fx", t);
  }

  // ------------------------------------------------------------------------------ drawing

  static BufferedImage draw(String title, String section, List<Panel> panels) {
    // measure on a scratch image, then draw on one of the right height
    Graphics2D scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    List<String> titleLines = wrap(title, scratch.getFontMetrics(TITLE), WIDTH - 2 * MARGIN);
    List<String> ratioLines = wrap(summary(panels), scratch.getFontMetrics(HEADING),
        WIDTH - 2 * MARGIN);
    int labelWidth = 0;
    for (Panel p : panels) {
      for (Bar b : p.bars) {
        labelWidth = Math.max(labelWidth, scratch.getFontMetrics(LABEL).stringWidth(label(b)));
      }
    }
    boolean whiskers = panels.stream().flatMap(p -> p.bars.stream()).anyMatch(b -> b.error > 0);
    List<String> footer = wrap("Source: docs/performance.md, \"" + section + "\"."
        + (whiskers ? " Whiskers: the reported ± (JMH's 99.9% confidence interval); ▸ marks one"
            + " cut at the edge." : "")
        + " Drawn by docs/charts/Charts.java from docs/charts/results.csv; linear scale from 0"
        + " in each panel.", scratch.getFontMetrics(NOTE), WIDTH - 2 * MARGIN);
    scratch.dispose();
    int height = MARGIN + titleLines.size() * 26 + ratioLines.size() * 20 + 14;
    for (Panel p : panels) {
      height += 34 + p.bars.size() * (BAR_HEIGHT + BAR_GAP) + 12;
    }
    height += 6 + footer.size() * 18 + MARGIN;

    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS,
        RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);

    int y = MARGIN;
    g.setColor(TEXT);
    g.setFont(TITLE);
    for (String line : titleLines) {
      y += 22;
      g.drawString(line, MARGIN, y);
      y += 4;
    }
    g.setColor(WEFT);
    g.setFont(HEADING);
    for (String line : ratioLines) {
      y += 18;
      g.drawString(line, MARGIN, y);
      y += 2;
    }
    y += 14;

    int barX = MARGIN + labelWidth + 14;
    int barWidth = WIDTH - MARGIN - VALUE_ROOM - barX;
    for (Panel p : panels) {
      g.setColor(RULE);
      g.drawLine(MARGIN, y, WIDTH - MARGIN, y);
      y += 22;
      g.setColor(TEXT);
      g.setFont(HEADING);
      String ratio = panels.size() == 1 ? null : p.ratio(); // one panel: the title has it
      g.drawString(p.workload + (ratio == null ? "" : ": " + ratio), MARGIN, y);
      y += 12;
      // the axis ends at the longest whisker, or a quarter past the longest bar when a wide
      // error would squeeze the bars (that whisker is then cut, with an arrow)
      double longest = 0;
      double reach = 0;
      for (Bar b : p.bars) {
        longest = Math.max(longest, b.value);
        reach = Math.max(reach, b.value + b.error);
      }
      double max = Math.min(reach, 1.25 * longest);
      for (Bar b : p.bars) {
        drawBar(g, b, barX, y, barWidth, max);
        y += BAR_HEIGHT + BAR_GAP;
      }
      y += 12;
    }

    g.setColor(MUTED);
    g.setFont(NOTE);
    y += 6;
    for (String line : footer) {
      g.drawString(line, MARGIN, y);
      y += 18;
    }
    g.dispose();
    return image;
  }

  private static void drawBar(Graphics2D g, Bar b, int x, int y, int width, double max) {
    g.setFont(b.role.equals("weft") ? VALUE : LABEL);
    g.setColor(TEXT);
    FontMetrics fm = g.getFontMetrics();
    String label = label(b);
    g.drawString(label, x - 14 - fm.stringWidth(label), y + BAR_HEIGHT / 2 + fm.getAscent() / 2 - 2);

    int length = Math.max(2, (int) Math.round(b.value / max * width));
    g.setColor(b.role.equals("weft") ? WEFT : b.role.equals("baseline") ? BASELINE : OTHER);
    g.fillRect(x, y, length, BAR_HEIGHT);

    int end = x + length;
    if (b.error > 0) {
      int limit = x + width + 2;
      int lo = (int) Math.round(x + Math.max(0, b.value - b.error) / max * width);
      int hi = (int) Math.round(x + (b.value + b.error) / max * width);
      boolean cut = hi > limit;
      hi = Math.min(hi, limit);
      int mid = y + BAR_HEIGHT / 2;
      g.setColor(TEXT);
      g.setStroke(new BasicStroke(1.5f));
      g.drawLine(lo, mid, hi, mid);
      g.drawLine(lo, mid - 6, lo, mid + 6);
      if (cut) {
        g.fillPolygon(new int[] {hi, hi - 8, hi - 8}, new int[] {mid, mid - 5, mid + 5}, 3);
      } else {
        g.drawLine(hi, mid - 6, hi, mid + 6);
      }
      end = Math.max(end, hi);
    }
    g.setFont(b.role.equals("weft") ? VALUE : LABEL);
    g.setColor(b.role.equals("weft") ? WEFT : TEXT);
    fm = g.getFontMetrics();
    g.drawString(b.text, end + 8, y + BAR_HEIGHT / 2 + fm.getAscent() / 2 - 2);
  }

  private static String label(Bar b) {
    return b.system + (b.role.equals("baseline") ? " (baseline)" : "");
  }

  /** The title's ratio line: the one panel's ratio, or each panel's, in panel order. */
  private static String summary(List<Panel> panels) {
    if (panels.size() == 1) {
      String r = panels.get(0).ratio();
      return r == null ? "" : r;
    }
    List<String> words = new ArrayList<>();
    for (Panel p : panels) {
      String w = p.ratioWords();
      if (w != null) {
        words.add(w);
      }
    }
    Panel first = panels.get(0);
    if (words.isEmpty() || first.weft() == null || first.baseline() == null) {
      return "";
    }
    return first.weft().system + " against " + first.baseline().system + ", panel by panel: "
        + String.join(" · ", words);
  }

  private static List<String> wrap(String text, FontMetrics fm, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && fm.stringWidth(line + " " + word) > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  private Charts() {}
}
