package io.weft.tools;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads the event loops of another JVM: attaches to it ({@code jdk.attach}), starts its local JMX
 * agent, and reads every {@code io.weft:type=Asyncio} MXBean in it (one per copy of the Weft
 * runtime). Python 3.14's {@code RemoteUnwinder(pid).get_all_awaited_by()}.
 */
final class RemoteTasks {
  private RemoteTasks() {}

  /** A failure to read the process, with a message for the user. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Reads process {@code pid}'s loops.
   *
   * @param pid the process id of a JVM run by the same user (not this JVM: the JDK refuses to
   *     attach to itself)
   * @return its loops, each with its tasks
   * @throws Failure when it cannot be attached to or read, or runs no Weft loop
   */
  static List<Snapshot.Loop> read(long pid) throws Failure {
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(Long.toString(pid));
    } catch (AttachNotSupportedException | IOException e) {
      throw new Failure("cannot attach to process " + pid + ": " + e.getMessage()
          + " (it must be a running JVM of the same user, and not this tool's own)", e);
    }
    try {
      String address = vm.startLocalManagementAgent();
      try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
        MBeanServerConnection server = connector.getMBeanServerConnection();
        Set<ObjectName> names =
            new TreeSet<>(server.queryNames(new ObjectName("io.weft:type=Asyncio,*"), null));
        if (names.isEmpty()) {
          throw new Failure("process " + pid + " has no Weft event loop: no MBean "
              + "io.weft:type=Asyncio (it is registered when a loop first runs, unless the "
              + "process was started with -Dweft.jmx=false)", null);
        }
        List<Snapshot.Loop> loops = new ArrayList<>();
        for (ObjectName name : names) {
          for (CompositeData loop : (CompositeData[]) server.getAttribute(name, "EventLoops")) {
            loops.add(loop(loop));
          }
        }
        return loops;
      }
    } catch (IOException | JMException | ClassCastException e) {
      throw new Failure("cannot read the event loops of process " + pid + ": " + e, e);
    } finally {
      try {
        vm.detach();
      } catch (IOException ignored) {
        // the answer is in: nothing is left to do with the connection
      }
    }
  }

  private static Snapshot.Loop loop(CompositeData d) {
    List<Snapshot.Task> tasks = new ArrayList<>();
    for (CompositeData t : (CompositeData[]) d.get("tasks")) {
      List<Snapshot.Awaiter> awaiters = new ArrayList<>();
      for (CompositeData a : (CompositeData[]) t.get("awaitedBy")) {
        awaiters.add(new Snapshot.Awaiter((Long) a.get("taskId"), (String) a.get("taskName"),
            List.of((String[]) a.get("callStack"))));
      }
      tasks.add(new Snapshot.Task((Long) t.get("id"), (String) t.get("name"),
          (String) t.get("state"), List.of((String[]) t.get("coroutineStack")), awaiters));
    }
    return new Snapshot.Loop((String) d.get("threadName"), (Boolean) d.get("consistent"), tasks);
  }
}
