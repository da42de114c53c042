package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent loaded into a running JVM ({@code Agent-Class}, the attach API): classes loaded
 * afterwards are woven, a class loaded before is not rewoven, and invalid options are refused
 * without stopping the application.
 */
class AgentAttachIT {

  @Test
  void attachedAgentWeavesOnlyClassesLoadedAfterwards(@TempDir Path classes) throws Exception {
    ShippedAgent.javac(ShippedAgent.sources(ShippedAgent.programs("attach")), 17, classes);
    ShippedAgent.Run run = ShippedAgent.runJava(ShippedAgent.currentJava(),
        List.of("-Djdk.attach.allowAttachSelf=true"), classes, "demo.Attach",
        ShippedAgent.agentJar().toAbsolutePath().toString());
    assertEquals("invalid options refused\nlate 3\nlate 2\nlate 1\nearly: true\n", run.stdout(),
        run.describe());
    assertEquals(0, run.exitCode(), run.describe());
    List<String> weft = run.stderrLines().stream().filter(l -> l.startsWith("[weft]")).toList();
    assertEquals(3, weft.size(), run.describe());
    assertTrue(weft.get(0).startsWith("[weft] Invalid weft-agent options: log=maybe must be"
        + " log=true or log=false."), run.describe());
    assertEquals("[weft] agent attached: classes loaded from now on are woven; classes already"
        + " loaded are not rewoven (the JVM cannot add methods to them)", weft.get(1));
    assertEquals("[weft] woven demo.Late", weft.get(2), run.describe());
  }
}
