package dev.overtime.engine.local;

import java.util.ArrayList;
import java.util.List;

/**
 * A run's process and every process it started, captured at one moment. Ending a run signals all of
 * them, because a child whose parent died is re-parented and can no longer be found from the root.
 */
final class ProcessTree {
  private final List<ProcessHandle> members;

  private ProcessTree(List<ProcessHandle> members) {
    this.members = members;
  }

  static ProcessTree of(ProcessHandle root) {
    List<ProcessHandle> members = new ArrayList<>();
    members.add(root);
    root.descendants().forEach(members::add);
    return new ProcessTree(members);
  }

  /** SIGTERM to the root first (the bootstrap cancels its job), then to its descendants. */
  void terminate() {
    for (ProcessHandle member : members) {
      if (member.isAlive()) {
        member.destroy();
      }
    }
  }

  /** SIGKILL to every member still alive, plus any descendant the root started since. */
  void kill() {
    List<ProcessHandle> all = new ArrayList<>(members);
    if (members.get(0).isAlive()) {
      members.get(0).descendants().forEach(all::add);
    }
    for (ProcessHandle member : all) {
      if (member.isAlive()) {
        member.destroyForcibly();
      }
    }
  }
}
