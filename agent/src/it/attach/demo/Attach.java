package demo;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.VirtualMachine;

/**
 * Loads the agent into its own running JVM (needs -Djdk.attach.allowAttachSelf=true), the way a
 * tool attaching to a server would: invalid options are refused without harming the application;
 * classes loaded afterwards are woven; a class loaded before is not rewoven.
 */
public class Attach {
  public static void main(String[] args) throws Exception {
    Class.forName("demo.Early"); // loaded, so never woven
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
    try {
      try {
        vm.loadAgent(args[0], "log=maybe");
        System.out.println("invalid options accepted");
      } catch (AgentInitializationException refused) {
        System.out.println("invalid options refused");
      }
      vm.loadAgent(args[0], "log=true");
    } finally {
      vm.detach();
    }
    for (int i : Late.countdown(3)) {
      System.out.println("late " + i);
    }
    try {
      for (int i : Early.countdown(3)) {
        System.out.println("early " + i);
      }
    } catch (IllegalStateException notWoven) {
      System.out.println("early: " + notWoven.getMessage().contains("which was not woven"));
    }
  }
}
