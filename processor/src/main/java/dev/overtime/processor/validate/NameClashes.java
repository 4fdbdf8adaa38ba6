package dev.overtime.processor.validate;

import dev.overtime.processor.Message;
import dev.overtime.processor.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.lang.model.element.TypeElement;

/**
 * Job names that clash within one compilation: the same name on two handlers, or two names that
 * become the same method on {@code Jobs} ({@code a-1} and {@code a1}). Each clash is reported on
 * every handler involved.
 */
public record NameClashes(List<Problem> problems, Set<TypeElement> handlers) {

  public static NameClashes find(List<NameClaim> claims) {
    List<Problem> problems = new ArrayList<>();
    Set<TypeElement> handlers = new HashSet<>();
    Map<String, List<NameClaim>> byName = new TreeMap<>();
    for (NameClaim claim : claims) {
      byName.computeIfAbsent(claim.name(), name -> new ArrayList<>()).add(claim);
    }
    for (List<NameClaim> same : byName.values()) {
      if (same.size() < 2) {
        continue;
      }
      same.sort(Comparator.comparing(claim -> claim.handler().getQualifiedName().toString()));
      for (NameClaim claim : same) {
        String others =
            same.stream()
                .filter(other -> other != claim)
                .map(other -> other.handler().getQualifiedName().toString())
                .collect(Collectors.joining(" and by "));
        problems.add(
            Problem.on(
                claim.handler(),
                claim.mirror(),
                claim.value(),
                Message.DUPLICATE_NAME,
                claim.name(),
                claim.handler().getQualifiedName(),
                others));
        handlers.add(claim.handler());
      }
    }
    Map<String, List<NameClaim>> byMethod = new TreeMap<>();
    for (List<NameClaim> same : byName.values()) {
      NameClaim first = same.get(0);
      byMethod.computeIfAbsent(first.methodName(), method -> new ArrayList<>()).add(first);
    }
    for (Map.Entry<String, List<NameClaim>> entry : byMethod.entrySet()) {
      List<NameClaim> same = entry.getValue();
      for (NameClaim claim : same) {
        for (NameClaim other : same) {
          if (other != claim) {
            problems.add(
                Problem.on(
                    claim.handler(),
                    claim.mirror(),
                    claim.value(),
                    Message.NAME_COLLISION,
                    claim.name(),
                    claim.handler().getQualifiedName(),
                    other.name(),
                    other.handler().getQualifiedName(),
                    entry.getKey()));
            handlers.add(claim.handler());
          }
        }
      }
    }
    return new NameClashes(problems, handlers);
  }
}
