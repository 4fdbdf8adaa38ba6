package dev.overtime.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunIdsTest {
  @Test
  void idsAreTwentySixCrockfordCharactersInCreationOrder() {
    RunIds ids = new RunIds();
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      made.add(ids.next());
    }
    for (int i = 1; i < made.size(); i++) {
      assertTrue(
          made.get(i - 1).compareTo(made.get(i)) < 0, made.get(i - 1) + " !< " + made.get(i));
    }
    assertTrue(made.stream().allMatch(id -> id.matches("[0-9A-HJKMNP-TV-Z]{26}")), made.get(0));
  }

  @Test
  void timePrefixEncodesTheCreationMillisecond() {
    long before = System.currentTimeMillis();
    String id = new RunIds().next();
    long millis = 0;
    for (char c : id.substring(0, 10).toCharArray()) {
      millis = millis * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(c);
    }
    assertTrue(millis >= before && millis <= System.currentTimeMillis() + 1, id);
    assertEquals(26, id.length());
  }
}
