package io.weft.net;

import static org.junit.jupiter.api.Assertions.*;

import io.weft.BrokenPipeError;
import io.weft.ConnectionAbortedError;
import io.weft.ConnectionError;
import io.weft.ConnectionRefusedError;
import io.weft.ConnectionResetError;
import io.weft.OSError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** The one mapping from the JDK's I/O exceptions to Python's names (docs/streams.md's table). */
class NetErrorsTest {

  static OSError check(Class<? extends OSError> expected, IOException jdk) {
    OSError e = NetErrors.translate(jdk);
    assertEquals(expected, e.getClass(), () -> jdk + " became " + e);
    assertSame(jdk, e.getCause(), "the JDK's exception is the cause");
    return e;
  }

  @Test
  void eachJdkExceptionGetsItsPythonName() {
    check(GaiError.class, new UnknownHostException("nowhere.invalid: Name or service not known"));
    check(ConnectionRefusedError.class, new ConnectException("Connection refused"));
    check(ConnectionRefusedError.class, new PortUnreachableException("ICMP Port Unreachable"));
    check(ConnectionResetError.class, new SocketException("Connection reset"));
    check(ConnectionResetError.class, new IOException("Connection reset by peer"));
    check(BrokenPipeError.class, new IOException("Broken pipe"));
    check(ConnectionAbortedError.class, new SocketException("Software caused connection abort"));
    check(OSError.class, new BindException("Address already in use"));
    check(OSError.class, new ConnectException("Connection timed out"));
    check(OSError.class, new NoRouteToHostException("No route to host"));
  }

  @Test
  void theMessageIsTheJdksAfterWhatWasBeingDone() {
    OSError e = NetErrors.translate("Connect call failed 127.0.0.1:9",
        new ConnectException("Connection refused"));
    assertEquals("Connect call failed 127.0.0.1:9: Connection refused", e.getMessage());
    assertEquals("Connection reset", NetErrors.translate(new SocketException("Connection reset"))
        .getMessage());
    assertEquals("the channel is closed",
        NetErrors.translate(new ClosedChannelException()).getMessage());
  }

  @Test
  void theTreeIsPythonsAndUnchecked() {
    assertTrue(UncheckedIOException.class.isAssignableFrom(OSError.class));
    for (Class<?> c : new Class<?>[] {ConnectionRefusedError.class, ConnectionResetError.class,
        ConnectionAbortedError.class, BrokenPipeError.class}) {
      assertEquals(ConnectionError.class, c.getSuperclass(), c.getName());
    }
    assertEquals(OSError.class, ConnectionError.class.getSuperclass());
    assertEquals(OSError.class, GaiError.class.getSuperclass());
  }

  @Test
  void anErrorWeftRaisesItselfGetsAJdkCauseSayingTheSame() {
    ConnectionResetError lost = new ConnectionResetError("Connection lost");
    assertEquals(SocketException.class, lost.getCause().getClass());
    assertEquals("Connection lost", lost.getCause().getMessage());
    assertEquals(ConnectException.class, new ConnectionRefusedError("x").getCause().getClass());
    assertEquals(UnknownHostException.class, new GaiError("x").getCause().getClass());
    assertEquals(IOException.class, new OSError("x").getCause().getClass());
  }
}
