package io.tessera.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.config.TesseraConfig.TagSettings;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CultureTaggerTest {
  private final CultureTagger tagger = new CultureTagger(Gazetteer.get(), new TagSettings());

  private Set<String> places(String text) {
    return tagger.tag(text, null).tags().stream()
        .map(t -> t.target().subdivisionCode() != null ? t.target().subdivisionCode()
            : t.target().countryCode() != null ? t.target().countryCode() : t.target().label())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private String primary(String text) {
    return tagger.tag(text, null).primary();
  }

  @Test
  void commonWordsInLowerCaseAreNotCountries() {
    assertEquals(Set.of(), places("We had roast turkey and stuffing on Sunday."));
    assertEquals("TR", primary("We flew to Turkey and ate baklava in Istanbul."));
    assertEquals(Set.of(), places("She set the table with her best china."));
    assertEquals("CN", primary("China celebrates the Spring Festival with dumplings."));
    assertEquals(Set.of(), places("The box was lacquered in black japan."));
    assertEquals("JP", primary("i miss japan so much, the trains are always on time"), "all-lower-case social text");
    assertEquals(Set.of(), places("i had turkey sandwiches all week"));
  }

  @Test
  void countryNamesThatArePeoplesNames() {
    assertEquals(Set.of(), places("Michael Jordan played for Chicago for many years."));
    assertEquals("JO", primary("Amman is the capital of Jordan."));
    assertEquals(Set.of(), places("Yesterday Chad Smith played the drums."));
    assertEquals("TD", primary("N'Djamena is the largest city in Chad."));
    assertEquals(Set.of(), places("Yesterday Victoria Beckham opened a shop."));
  }

  @Test
  void georgiaTheStateAndGeorgiaTheCountry() {
    assertEquals("US-GA", primary("Atlanta is the capital of Georgia, in the United States."));
    assertEquals("GE", primary("Tbilisi is the capital of Georgia, in the Caucasus."));
    assertEquals("GE", primary("Georgia is famous for its wine and supra feasts."));
  }

  @Test
  void indianGuineaAndCongo() {
    assertEquals("IN", primary("Indian weddings can last several days."));
    assertTrue(places("Many American Indian nations hold powwows.").contains("Indigenous peoples of the Americas"));
    assertFalse(places("Many American Indian nations hold powwows.").contains("IN"));
    assertEquals(Set.of(), places("My guinea pig eats carrots."));
    assertEquals(Set.of(), places("Guinea pigs were first kept in the Andes.").stream()
        .filter(p -> p.equals("GN")).collect(Collectors.toSet()));
    assertEquals("GN", primary("Conakry is the capital of Guinea."));
    assertEquals("PG", primary("Papua New Guinea has more than 800 languages."));
    assertEquals("CD", primary("Kinshasa is the largest city of the Congo."));
    assertEquals("CG", primary("Brazzaville lies on the Congo river, across from the other capital."));
  }

  @Test
  void scriptsWithoutSpacesAndOtherLanguages() {
    assertEquals(Set.of("CN", "JP"), places("我去了中国和日本。"));
    assertEquals("TH", primary("ฉันเกิดที่ประเทศไทย"));
    assertEquals("DE", primary("Wir fahren im Sommer nach Deutschland."));
    assertEquals("EG", primary("أعيش في مصر منذ عشر سنوات"));
    assertEquals("KE", primary("Ninaishi Kenya na napenda chai ya asubuhi."));
  }

  @Test
  void regionsCommunitiesAndReligions() {
    Set<String> found = places("Across Southeast Asia, Muslim families break the fast together during Ramadan.");
    assertTrue(found.contains("Southeast Asia"), found.toString());
    assertTrue(found.contains("Islam"), found.toString());
    assertEquals(CultureTagger.UNKNOWN, primary("Across Southeast Asia, families eat together."),
        "a macro-region is a tag, not a primary country");
  }

  @Test
  void evidenceFromMetadataCombines() {
    CultureTagger.Hints reddit = new CultureTagger.Hints("en", null, "Kenya", null, List.of(), List.of());
    CultureTagger.Result r = tagger.tag("Matatu drivers always play the loudest music.", reddit);
    assertEquals("KE", r.primary());
    assertEquals(List.of("source_metadata"), r.tags().get(0).evidence());
    assertEquals("author_origin", r.tags().get(0).role());

    CultureTagger.Result both = tagger.tag("Nairobi traffic again.", reddit);
    assertTrue(both.tags().get(0).score() > r.tags().get(0).score(), "a capital and the subreddit add up");

    CultureTagger.Hints persona = new CultureTagger.Hints("en", null, null, null, List.of("American"), List.of());
    assertEquals("US", tagger.tag("Thanks for dinner, it was great.", persona).primary());
    CultureTagger.Hints chinese = new CultureTagger.Hints("zh", null, null, null, List.of("Chinese"), List.of());
    assertEquals("CN", tagger.tag("谢谢你的晚餐。", chinese).primary());

    CultureTagger.Hints survey = new CultureTagger.Hints("en", null, null, null, List.of(), List.of("EG", "JO", "LB"));
    CultureTagger.Result item = tagger.tag("How important is religion in your life?", survey);
    assertEquals(CultureTagger.MULTIPLE, item.primary());
    assertEquals(3, item.tags().size());

    CultureTagger.Hints thai = new CultureTagger.Hints("th", null, null, null, List.of(), List.of());
    CultureTagger.Result weak = tagger.tag("วันนี้อากาศดี", thai);
    assertEquals("TH", weak.tags().get(0).target().countryCode());
    assertEquals(CultureTagger.UNKNOWN, weak.primary(), "a language prior alone is too weak");
  }
}
