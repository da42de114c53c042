package demo;

import java.io.StringReader;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.IntUnaryOperator;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.xml.sax.InputSource;

/**
 * Loads what a real application loads while the agent watches: JDK classes from the bootstrap and
 * platform loaders, hidden classes (a lambda), and two class files the JVM must reject, defined
 * through an application class loader: one of class-file version 99 and one cut in half. Both
 * were compiled from {@link Future}, so they mention {@code io.weft.Coroutine}.
 */
public class Noise {
  public static void main(String[] args) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new InputSource(new StringReader("<a><b>xml</b></a>")))
        .getDocumentElement().getTextContent();
    IntUnaryOperator square = x -> x * x;
    int sum = IntStream.rangeClosed(1, 3).map(square).sum();
    String logger = Logger.getLogger("demo").getName();
    System.out.println("jdk: " + xml + " " + sum + " " + logger + " " + (http != null));

    Path dir = Paths.get(args[0]);
    for (String file : new String[] {"Future99", "Truncated"}) {
      byte[] bytes = Files.readAllBytes(dir.resolve(file + ".bin"));
      try {
        new Loader().define("demo.Future", bytes);
        System.out.println(file + ": defined");
      } catch (LinkageError rejected) {
        System.out.println(file + ": " + rejected.getClass().getName());
      }
    }
    System.out.println("done");
  }

  static final class Loader extends ClassLoader {
    Loader() {
      super(Noise.class.getClassLoader());
    }

    Class<?> define(String name, byte[] bytes) {
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
