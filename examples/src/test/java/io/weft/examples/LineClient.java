package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A line-based client on a plain blocking socket to 127.0.0.1, as {@code nc} is: for talking to
 * the server examples. Reads time out after 30 s.
 */
public final class LineClient implements AutoCloseable {
  private final Socket socket = new Socket();
  private final BufferedReader in;
  private final OutputStream out;

  /**
   * Connects to 127.0.0.1:{@code port} with a receive buffer of {@code receiveBuffer} bytes.
   *
   * @param port the server's port
   * @param receiveBuffer the socket's receive buffer; 0 for the system's
   */
  public LineClient(int port, int receiveBuffer) throws IOException {
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the window is small
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(30_000);
    in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
  }

  /**
   * Connects to 127.0.0.1:{@code port}.
   *
   * @param port the server's port
   */
  public LineClient(int port) throws IOException {
    this(port, 0);
  }

  /** Reads a line; null at EOF. */
  public String read() throws IOException {
    return in.readLine();
  }

  /** Sends {@code line} and a newline. */
  public void send(String line) throws IOException {
    sendRaw(line + "\n");
  }

  /** Sends {@code text} as it is. */
  public void sendRaw(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Joins a {@code chat-server} as {@code nick}, and returns the greeting. */
  public String join(String nick) throws IOException {
    assertEquals("Welcome! What is your nickname?", read());
    send(nick);
    return read();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
