package io.weft.agent;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * Writes class files as the agent saw them and as it wove them, for {@code dump=<directory>}
 * (JaCoCo's {@code ClassFileDumper}):
 *
 * <pre>
 * directory/original/com/example/Feed.class   the bytes the class loader gave the agent
 * directory/woven/com/example/Feed.class      the bytes the agent returned
 * directory/woven/com/example/Feed.txt        ASM's Textifier listing of the woven class
 * </pre>
 *
 * <p>{@code woven/} can be put on a class path or given to {@code javap}. A class the weaver
 * refused, or failed on, is written to {@code original/} only, so it can be attached to a bug
 * report. A class defined by two class loaders is written twice, the last one winning. Safe to
 * call from several threads: each file is written whole, through a temporary file.
 */
final class ClassFileDumper {
  private final Path directory;

  /**
   * Creates a dumper.
   *
   * @param directory where to write; created when missing. Not null.
   */
  ClassFileDumper(Path directory) {
    this.directory = directory;
  }

  /**
   * Writes the class file the agent received.
   *
   * @param internalName the class's internal name
   * @param classFile its bytes
   * @throws IOException when a file cannot be written
   */
  void dumpOriginal(String internalName, byte[] classFile) throws IOException {
    write(file("original", internalName, ".class"), classFile);
  }

  /**
   * Writes the woven class file and its Textifier listing.
   *
   * @param internalName the class's internal name
   * @param classFile the woven bytes
   * @throws IOException when a file cannot be written
   */
  void dumpWoven(String internalName, byte[] classFile) throws IOException {
    write(file("woven", internalName, ".class"), classFile);
    StringWriter listing = new StringWriter();
    new ClassReader(classFile).accept(
        new TraceClassVisitor(null, new Textifier(), new PrintWriter(listing)), 0);
    write(file("woven", internalName, ".txt"), listing.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Writes through a temporary file, so two loaders defining one class never mix their bytes. */
  private static void write(Path file, byte[] bytes) throws IOException {
    Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.write(temporary, bytes);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private Path file(String kind, String internalName, String extension) throws IOException {
    Path base = directory.resolve(kind).toAbsolutePath().normalize();
    Path file = base.resolve(internalName + extension).normalize();
    if (!file.startsWith(base) || file.equals(base)) {
      // The name comes from the class loader, before the JVM has validated it.
      throw new IOException("the class name is not a relative path");
    }
    Files.createDirectories(file.getParent());
    return file;
  }
}
