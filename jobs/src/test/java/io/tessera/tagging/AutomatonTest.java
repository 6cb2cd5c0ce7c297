package io.tessera.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutomatonTest {
  private static List<String> found(Automaton<String> automaton, String text) {
    List<String> hits = new ArrayList<>();
    automaton.find(text, (start, end, value) -> hits.add(start + ":" + text.substring(start, end) + "=" + value));
    hits.sort(null);
    return hits;
  }

  @Test
  void spacedKeywordsOnlyAsWholeWordsAndNestedOnesToo() {
    Automaton<String> automaton = new Automaton<>(Map.of("man", "IM", "guinea", "GN", "papua new guinea", "PG",
        "oman", "OM"));
    assertEquals(List.of(), found(automaton, "german romans"));
    assertEquals(List.of("0:papua new guinea=PG", "10:guinea=GN", "18:man=IM"),
        found(automaton, "papua new guinea, man"));
    // digits, hyphens and punctuation are boundaries; letters of any script are not
    assertEquals(List.of("0:oman=OM", "5:guinea=GN"), found(automaton, "oman-guinea2"));
    assertEquals(List.of(), found(automaton, "omanы éman"));
  }

  @Test
  void keywordsWrittenWithoutSpacesAnywhere() {
    Automaton<String> automaton = new Automaton<>(Map.of("中国", "CN", "ไทย", "TH", "china", "CN"));
    assertEquals(List.of("1:中国=CN"), found(automaton, "在中国人民"));
    assertEquals(List.of("6:ไทย=TH"), found(automaton, "ประเทศไทย"));
    assertEquals(List.of(), found(automaton, "indochina"));
  }
}
