package io.tessera.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicTaggerTest {
  private final TopicTagger topics = TopicTagger.get();

  private List<String> codes(String text) {
    return topics.tag(text).stream().map(TopicTagger.TopicTag::code).toList();
  }

  @Test
  void topicsAndSubtopicsInEnglish() {
    List<String> found = codes("At Eid my grandmother cooks pilau with spices and the whole family eats together.");
    assertTrue(found.contains("FOOD"), found.toString());
    assertTrue(found.contains("FOOD.CUISINE"), found.toString());
    assertTrue(found.contains("FAMILY.ELDERS"), found.toString());
    assertTrue(found.contains("FESTIVALS.HOLIDAYS"), found.toString());
    assertEquals(List.of(), codes("The quarterly report is attached below."));
    TopicTagger.TopicTag tag = topics.tag("We bow when we greet our teachers.").get(0);
    assertEquals(topics.version(), tag.taxonomyVersion());
  }

  @Test
  void otherLanguagesAndScriptsWithoutSpaces() {
    assertTrue(codes("春节的时候我们全家一起包饺子。").contains("FOOD"));
    assertTrue(codes("春节的时候我们全家一起包饺子。").contains("FESTIVALS"));
    assertTrue(codes("お正月には家族で神社に行きます。").contains("RELIGION"));
    assertTrue(codes("La familia se reúne para la cena de Navidad.").contains("FAMILY"));
    assertTrue(codes("يذهب الناس إلى المسجد للصلاة في رمضان").contains("RELIGION"));
  }

  @Test
  void aMentionInALongTextWeighsLess() {
    String filler = " The committee met again on Tuesday to review the figures.".repeat(60);
    double shortScore = topics.tag("We ate dumplings.").get(0).score();
    double longScore = topics.tag("We ate dumplings." + filler).stream().mapToDouble(TopicTagger.TopicTag::score)
        .max().orElse(0);
    assertTrue(longScore < shortScore, longScore + " vs " + shortScore);
  }

  @Test
  void crosswalkToSurveyCategories() {
    assertEquals(List.of("RELIGION"), topics.topicsFor("menavalues", "RELIGIOUS VALUES"));
    assertTrue(topics.topicsFor("wvs", "Social Values, Attitudes & Stereotypes").contains("VALUES"));
  }
}
