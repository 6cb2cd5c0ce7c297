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
    assertEquals(Set.of("US"), places("Michael Jordan played for Chicago for many years."), "the city, not Jordan");
    assertEquals("JO", primary("Amman is the capital of Jordan."));
    assertEquals(Set.of(), places("Yesterday Chad Smith played the drums."));
    assertEquals("TD", primary("N'Djamena is the largest city in Chad."));
    assertEquals(Set.of(), places("Yesterday Victoria Beckham opened a shop."));
  }

  @Test
  void georgiaTheStateAndGeorgiaTheCountry() {
    assertTrue(places("Atlanta is the capital of Georgia, in the United States.").contains("US-GA"));
    assertEquals("US", primary("Atlanta is the capital of Georgia, in the United States."));
    assertEquals("US-GA", primary("The state of Georgia grows peaches."), "only the state: the state");
    assertEquals("GE", primary("Tbilisi is the capital of Georgia, in the Caucasus."));
    assertEquals("GE", primary("Georgia is famous for its wine and supra feasts."));
  }

  @Test
  void citiesAndSubnationalRegionsAreEvidenceForTheirCountry() {
    CultureTagger.Result trip = tagger.tag("We took the night train from Surabaya to Malang.", null);
    assertEquals("ID", trip.primary());
    assertTrue(trip.tags().stream().anyMatch(t -> t.target().path().equals("Asia > Indonesia > Surabaya")
        && t.target().level().equals("city")), trip.tags().toString());
    CultureTagger.Tag indonesia = trip.tags().stream().filter(t -> t.target().level().equals("country"))
        .findFirst().orElseThrow();
    assertTrue(indonesia.score() > 0.7, "two places in Indonesia add up: " + indonesia);
    assertEquals("TH", primary("From Bangkok we went on to Chiang Mai."), "a capital and a province");
    assertEquals("IN-KL", primary("Kerala is known for its backwaters and houseboats."), "about the state alone");
    // A region name several countries share splits its weight: other evidence decides.
    assertEquals(Set.of("IN", "IN-PB", "PK", "PK-PB"), places("Punjab is famous for its wheat fields."));
    assertEquals("PK", primary("Lahore is the cultural heart of Punjab."));
    // Cities named like other things, or like a bigger city elsewhere, are not places.
    assertEquals(Set.of(), places("Nice to meet you. Reading is my favourite hobby."));
    assertEquals(Set.of(), places("Hyderabad biryani is the best."), "Hyderabad in India or Pakistan: left open");
  }

  @Test
  void seasLanguagesAndPeoplesNamesAreNotCountries() {
    assertEquals(Set.of(), places("Ships cross the Strait of Gibraltar into the Indian Ocean."));
    assertEquals(Set.of(), places("Hurricanes form over the Gulf of Mexico."));
    assertEquals(Set.of(), places("The largest basins are the Angola, Cape, Argentina, and Brazil basins."),
        "a list that a water or land word closes");
    assertEquals(Set.of("AR", "BR", "CL"), places("Brazil, Argentina and Chile signed the treaty."));
    assertEquals(Set.of(), places("Mary the Jewess is credited as the first alchemist."), "a person's epithet");
    assertEquals("GR", primary("In Athens the Greek parliament met."), "a demonym after 'the': still the city");
    assertEquals("DE", primary("He won his first title at the Stuttgart Outdoor in 1988."), "a tournament");
    assertEquals("CD", primary("Mobutu, the President of Zaire, met him."), "a former name of the same state");
    assertEquals("KR", primary("Korean anarchists formed a league in Korea."), "Korea is South Korea");
    assertEquals("KP", primary("North Korean soldiers crossed into North Korea."));
    assertEquals(Set.of("AR", "AO"), places("Argentina keeps a list of its treaties with Angola (in Spanish only)."),
        "\"in Spanish only\": the language");
    assertEquals(Set.of("AZ"), places("Azerbaijan's people spoke several languages, among them – Armenian and an"
        + " Iranian language."), "a list of languages after \"languages, among them\"");
    assertEquals(Set.of(), places("The prefix is generally Greek, however nonane uses the Latin prefix non-."));
    assertEquals(Set.of("AZ"), places("Utik passed to Caucasian Albania. Albania remained an entity until the 9th"
        + " century, in today's Azerbaijan."), "an ancient realm, and its bare name later in the text");
    assertEquals(Set.of("AL"), places("Tirana is the capital of Albania."));
    assertEquals(Set.of(), places("The Biography of an Early Georgian Pamphlet, in a house of Georgian architecture."),
        "the British era");
    assertEquals(Set.of("GE"), places("Georgian wine is made in Kakheti."));
    assertEquals(Set.of("AW", "BQ", "CW"), places("Aruba, Bonaire and Curaçao are the ABC islands."));
    assertEquals(Set.of("GB", "FR"), places("Early abortions are the majority in Britain and France."));
    assertEquals(Set.of("IR"), places("Aristotle and Alexander's relationship with Persia and Persians."),
        "Persia's history is Iran's, as the Russian Empire's is Russia's");
    assertEquals(Set.of("DE", "US", "US-MA"), places("The Berlin Society of Anthropology; the Massachusetts"
        + " Institute of Technology."), "an institution named after its city: no person's name");
    assertEquals(Set.of("GR"), places("Counters were used in ancient Rome, as in Greece."));
    assertEquals(Set.of("GR"), places("After Alexander the Great died in 323 BC, anti-Macedonian sentiment rose in"
        + " Athens."), "ancient Macedon");
    assertEquals(Set.of("MK", "RS"), places("Corridor VIII links Skopje with Serbia; Macedonian is official."));
    assertEquals(Set.of(), places("The word comes from the Greek, and the Greek alphabet has 24 letters."));
    assertEquals(Set.of(), places("Scripts: Arabic, Greek, Latin, Cyrillic and Hebrew."));
    assertEquals(Set.of(), places("Spelling differs between American English and British English."));
    assertEquals(Set.of(), places("Anthropologists include Mary Douglas, Stanley Diamond and Brent Berlin."));
    assertEquals(Set.of(), places("A film directed by Gino M. Santos."));
    assertEquals(Set.of("BR"), places("Santos is a port city."), "at a sentence start, a place");
    assertEquals(Set.of("SE"), places("It screened at the Stockholm International Film Festival."));
    assertEquals(Set.of(), places("Ice fields in Antarctica."), "no people, no culture");
    // Languages in German and the Romance languages, theatres named in a style, bands named after places.
    assertEquals(Set.of(), places("Der Western Death of a Gunfighter (deutscher Titel Frank Patch) kam 1969."));
    assertEquals(Set.of(), places("Le roman est écrit dans la langue française."));
    assertEquals(Set.of(), places("It screened at Grauman's Egyptian Theatre in 2001."));
    assertEquals(Set.of(), places("\"Alien\", a song by Japan on the album Quiet Life."));
    assertEquals(Set.of("EG", "JP"), places("The album was recorded in Japan; the Egyptian government objected."));
    assertEquals(Set.of("ES"), places("Actrius is a 1997 Catalan language Spanish drama film."));
    assertEquals(Set.of(), places("He debated Stephen A. Douglas and lost the race to Douglas."), "one person");
    assertEquals(Set.of("JO"), places("Jordan lies east of the river."), "alone, the country");
    assertEquals(Set.of(), places("President José Eduardo dos Santos won the first round."));
    assertEquals(Set.of(), places("Its name means \"earth wolf\" in Afrikaans and Dutch."));
    assertEquals(Set.of(), places("The word was coined from the Greek root andr- 'man'."));
    assertEquals(Set.of(), places("The Latin word came from Greek ἄβαξ abax. Greek ἄβαξ itself is a borrowing."),
        "a demonym before a word in another script: the language");
    assertEquals(Set.of("FR"), places("Coined by the French philosopher Comte, who derived it from the Italian altrui."),
        "from the Italian + a lower-case word, in an etymology");
    assertEquals(Set.of("GR"), places("The oldest derivation of the word is from the Greek historian Polybius."),
        "a person's nationality");
    assertEquals(Set.of("IT"), places("She moved from the Italian city of Turin."), "no etymology: the country");
    assertEquals(Set.of(), places("The official language is Catalan, although Spanish, Portuguese, and French are"
        + " also commonly spoken."), "an enumeration of languages before \"are spoken\"");
    assertEquals(Set.of(), places("The official languages are Spanish, Portuguese and French."));
    assertEquals(Set.of("PT", "ES"), places("Portuguese and Spanish sailors arrived first, and Portuguese was"
        + " spoken in the ports."), "people in a list, then the language: the country from the people");
    assertEquals(Set.of(), places("He was killed near the end of the Trojan War by Paris, who shot him."));
    assertEquals(Set.of("CA"), places("The fourth daughter of Victoria, Queen of Canada."));
    assertEquals(Set.of("PG", "AU"), places("Worked in Papua New-Guinea and Australia."), "a hyphen for a space");
    assertEquals(Set.of("GR"), places("Born east of modern-day Thessaloniki."), "without its accent (Thessaloníki)");
    assertEquals(Set.of(), places("It depended on the President, Paul."), "Paúl, a county of Cabo Verde: only so");
    assertEquals(Set.of(), places("The name combines (laos) \"a people\". Laos has been construed as an army."),
        "at a sentence start, the word the text also writes in lower case");
    assertEquals(Set.of("LA"), places("We flew to Vientiane. Laos has many temples."));
    assertEquals(Set.of(), places("Readers of Carl Jung, Thomas Mann and Jorge Luis Borges."), "Mann: a surname");
    assertEquals(Set.of("IN"), places("It lies far from the Dravidian population of South India."));
    assertEquals(Set.of("IN", "BD"), places("Spoken in Northeast India, and in East and Central India and Bangladesh."));
    assertEquals(Set.of(), places("He taught French for a year. Able to read French, German and Russian, she read."));
    assertEquals(Set.of("FR"), places("She read French novels."), "a noun after it: the country's");
    assertEquals(Set.of(), places("Named with a Greek numerical prefix; the Greek transliteration of the name."));
    assertEquals(Set.of("US"), places("The AFC sent the Denver Broncos and the Pittsburgh Steelers."), "teams");
    assertEquals(Set.of("CN"), places("A frog from New Guinea and the Chinese giant salamander."), "New Guinea");
    assertEquals(Set.of("GB", "GB-ENG", "GB-WLS", "GB-NIR"), places("In England, Wales, and Northern Ireland."));
    assertEquals("GB-SCT", primary("Scotland is famous for whisky."));
    assertEquals(Set.of("AZ"), places("Azerbaijan is a founding member of GUAM."), "an acronym");
    assertEquals(Set.of("GU"), places("FLIGHTS TO GUAM ARE CHEAP THIS WEEK"), "capitals throughout");
    assertEquals(Set.of(), places("The Etruscans lived in the Italian Peninsula."));
    assertEquals(Set.of(), places("The deepest point is in the Puerto Rico Trench; oil lies in the Congo basin."));
    assertFalse(places("The family has six branches:\nBerber\nChadic\nEgyptian\nSemitic").contains("EG"),
        "a list of languages, one per line");
    assertFalse(places("He divides it into Cushitic, Semitic, and Chadic-Berber-Egyptian.").contains("EG"),
        "language names joined by hyphens");
    assertEquals(Set.of("AZ", "IL"), places("The Slavic cultural center and the Azerbaijani-Israeli community."));
    assertFalse(places("Bender groups Berber with Semitic, and Chadic with Egyptian.").contains("EG"));
    assertEquals(Set.of("AW"), places("On Aruba, other languages spoken, based on the size of their community, are"
        + " Portuguese, Chinese, German, Spanish, and French."));
    assertEquals(Set.of("CD", "ZA"), places("Zaïre and South Africa intervened."), "the French spelling");
    assertEquals(Set.of(), places("The Gulf Stream warms the British Isles. Chinese logographic writing, Chinese"
        + " characters and Arabic numerals."), "an archipelago; scripts");
    assertEquals(Set.of("GB"), places("Helen Sharman became the first Briton in space."));
    assertEquals(Set.of(), places("To Eurasiatic he added Chukotian, Gilyak, Korean, Japanese-Ryukyuan and Ainu."),
        "a list with language families");
    assertEquals(Set.of("AW"), places("An eyewitness states that the natives on Aruba spoke \"Spanish\"."));
    assertEquals(Set.of("FR"), places("Apollo was worshipped at Jublains (Maine-et-Loire) in France."));
    assertEquals(Set.of("US", "US-ME"), places("Lobster from Maine."));
    assertEquals(Set.of(), places("Arabic is used as an abjad, as with Urdu and Persian."));
    assertEquals(Set.of(), places("In other scripts and languages. The spelling in the alphabet of each:\nCzech,\n"
        + "Allách\nRussian, Ukrainian, Allakh\nSerbian, Belarusian, Alah"), "a list in a text about languages");
    assertEquals(Set.of("ES", "PT", "TR"), places("The languages, their scripts and spelling. Spanish and Portuguese"
        + " settlers came; so did the Turks, who brought their alphabet."), "peoples, even there");
    assertEquals(Set.of(), places("Division Euacanthomorphacea (Acanthopterygii Gouan 1770 sensu Nelson 1994)."),
        "an author cited with a year");
    assertEquals(Set.of("AT"), places("Popularized in his Grundriss (Vienna 1876-88)."), "a place of print");
    assertEquals(Set.of("NZ", "NZ-NSN"), places("The ferry leaves Nelson at noon."));
    assertEquals(Set.of("DE", "DE-BY", "IT", "IT-82"), places("They travelled through Bavaria to Sicily."),
        "English names of regions");
    assertEquals(Set.of(), places("It is called phycology, depending on whether the Greek or Latin root is used."));
    assertEquals(Set.of("GR", "TR"), places("The ancient Greeks and the Turks."));
    assertEquals(Set.of("MX", "MX-YUC"), places("An abacus was found in the Yucatán peninsula."));
    assertEquals(Set.of("AO"), places("ANGOLA LIVRO BRANCO SOBRE AS ELEIÇÕES, a report."), "capitals around it");
    assertEquals(Set.of(), places("Borrowed from Old French alquemie; Middle Egyptian dbt became Late Egyptian tobe."));
    assertEquals(Set.of(), places("The first was published in Polish by Neyman in 1923."));
    assertEquals(Set.of("PL"), places("He settled in Polish territory."));
    assertEquals(Set.of("US", "US-TX"), places("In Texas they named the plantation China Grove."));
    assertEquals(Set.of(), places("Home to the ancient Iranian peoples."), "a family of peoples, not Iran");
    assertEquals(Set.of(), places("It drains into the Pacific or Indian oceans."));
    assertEquals(Set.of("US", "US-WI"), places("Bascom is the mayor of Rome, Wisconsin, who reveals the plot."),
        "a city followed by another country's region is a town named after it");
    assertEquals(Set.of("CA", "CA-ON"), places("She grew up in London, Ontario."));
    assertEquals(Set.of("US", "US-TX"), places("The film Paris, Texas won in 1984."));
    assertEquals(Set.of("GB"), places("She grew up in London, then moved."));
    assertEquals(Set.of("GB", "US", "US-NY"), places("Published by Longman, London, New York 1973."), "two cities");
    assertEquals(Set.of("US", "US-TX", "CA", "CA-ON", "AU", "AU-QLD"), places("Regions such as Texas, Ontario and"
        + " Queensland."), "a list");
    assertEquals(Set.of("DE", "ES"), places("As with the German Basic Law, the term does not appear in the Spanish"
        + " constitution."), "\"in the\" + demonym + noun in a sentence with \"term\": no etymology");
    assertEquals(Set.of("EE", "NA", "BR"), places("The wage in Estonia was low. He rowed from Namibia to Brazil."),
        "a name, also a demonym in another language, before \"was\" or \"to\": the country");
    assertEquals(Set.of(), places("The order Anura (from the Ancient Greek a(n)- meaning \"without\")."));
    assertEquals(Set.of(), places("The alphabet and its script: tones are marked in Vietnamese (a true alphabet)."
        + " Thai has a total of 59 symbols; words became logograms as in Egyptian Demotic."),
        "in a text about languages, a demonym before a parenthesis or a verb");
    assertEquals(Set.of("CA"), places("The official Canadian (Latin) motto, A Mari Usque ad Mare."),
        "a parenthesis is no language sign outside a text about languages");
    assertEquals(Set.of("US", "US-IL"), places("Lincoln served in the Illinois Militia and then in the Illinois"
        + " General Assembly."), "institutions named after a state: no person's name");
    assertEquals(Set.of("US", "US-AK"), places("Unalaska/Dutch Harbor became a base in Alaska."));
    assertEquals(Set.of("GB"), places("The Treaty of Paris ended the war with Great Britain."), "a treaty's name");
    assertEquals(Set.of("US", "US-IL"), places("One Illinois newspaper nicknamed him."), "no person's name");
    assertEquals(Set.of("AW"), places("Aruba celebrates Dia di San Juan on June 24."), "a saint's day");
    assertEquals(Set.of(), places("Scripts, alphabets and spelling: letters count as Spanish did with ch and ll, or"
        + " as with the French é, and the script is closer to Greek than to Latin."));
    assertEquals(Set.of("AO", "AO-CAB", "CG"), places("Cabinda borders the Congo Republic to the north."));
    assertEquals(Set.of("VE", "TT", "SX"), places("Workers came from Venezuela, Trinidad and St. Maarten."),
        "a country by its main island");
    assertEquals(Set.of(), places("Gymnophiona (from the Greek gymnos meaning \"naked\" and the Greek poda meaning"
        + " \"legs\")."), "a word of the language and its gloss");
    assertEquals(Set.of(), places("Alphabets and scripts: the spelling differs, contrary to Turkish which adopted ö;"
        + " Y and Z were known as Y Graeca \"Greek Y\"; Japanese kana is not an alphabet."));
    assertEquals(Set.of("DZ"), places("The Algerian crisis: the hijacking of Air France Flight 8969."), "an airline");
  }

  @Test
  void abbreviationsOnlyInCapitals() {
    assertEquals("US", primary("Alberta borders the US state of Montana."));
    assertEquals("GB", primary("She moved to the U.K. in 2004."));
    assertEquals(Set.of(), places("Come with us to the market, let us eat."));
  }

  @Test
  void otherLanguagesDemonymsAndCaseForms() {
    assertEquals(Set.of("AD", "ES", "FR", "PT"), places("El 33% es de nacionalidad española, el 16% de nacionalidad"
        + " portuguesa y el 6% de nacionalidad francesa; Andorra crece."));
    assertEquals("FR", primary("Meillet est le principal linguiste français."));
    assertEquals(Set.of(), places("Il enseigne l'iranien et le cours d'arménien."), "le/l'/d' + demonym: the language");
    assertEquals(Set.of("LV", "BY", "PL", "RU"), places("На севере граничит с Латвией, на юго-востоке — с Беларусью,"
        + " на юго-западе — с Польшей и областью России."));
    assertEquals(List.of("России", "Россию", "Россией"), NameForms.cyrillicCaseForms("Россия"));
    assertEquals(List.of(), NameForms.cyrillicCaseForms("Марокко"), "indeclinable");
    assertEquals(Set.of("PH"), places("A 2012 Filipino coming-of-age film."), "English capitalised, Spanish lower case");
    assertEquals(Set.of("US", "US-IN"), places("He was born in Austin, Indiana."), "the state, not Italian for Indian");
    assertEquals(Set.of("GB"), places("The Aliens are a Scottish band."));
    CultureTagger.Hints german = new CultureTagger.Hints("de", null, null, null, List.of(), List.of());
    CultureTagger.Hints english = new CultureTagger.Hints("en", null, null, null, List.of(), List.of());
    assertEquals("IS", tagger.tag("Wir reisen im Sommer nach Island.", german).primary());
    assertEquals(Set.of("QA", "AE", "IQ"), tagger.tag("Brahui communities live in Qatar, United Arab Emirates, and"
        + " Iraq.", english).tags().stream().map(t -> t.target().countryCode()).collect(Collectors.toSet()),
        "Qatar, a demonym only in other languages, is not a language after \"in\" in English");
    assertFalse(tagger.tag("They camped on a small Island.", english).tags().stream()
        .anyMatch(t -> "IS".equals(t.target().countryCode())), "Island is Iceland only outside English");
  }

  @Test
  void indianGuineaAndCongo() {
    assertEquals("IN", primary("Indian weddings can last several days."));
    assertTrue(places("Many American Indian nations hold powwows.").contains("Indigenous peoples of the Americas"));
    assertFalse(places("Many American Indian nations hold powwows.").contains("IN"));
    assertFalse(places("In 1839 he fought Indians in northern Texas.").contains("IN"), "US places, India not named");
    assertTrue(places("Hindu temples in Alabama were founded by Indian immigrants.").contains("IN"));
    assertTrue(places("Astronauts: thirteen were American (one of Indian origin).").contains("IN"));
    assertFalse(places("The Seven Years' War (called the French and Indian War in America).").contains("IN"));
    assertEquals(Set.of("FR", "ES"), places("French and Spanish forces took several West Indian colonies."));
    assertFalse(places("The continent adjoins the Arabian and Indian Plate.").contains("IN"));
    assertFalse(places("In 1719, a Cree Indian named Wa-Pa-Su brought a sample.").contains("IN"), "a people's name");
    assertTrue(places("Hindu festivals: a South Indian temple.").contains("IN"));
    assertTrue(places("Modern Indian cinema grew fast.").contains("IN"), "a sentence's first word is no people");
    assertEquals(Set.of(), places("My guinea pig eats carrots."));
    assertEquals(Set.of(), places("Guinea pigs were first kept in the Andes.").stream()
        .filter(p -> p.equals("GN")).collect(Collectors.toSet()));
    assertEquals("GN", primary("Conakry is the capital of Guinea."));
    assertEquals("PG", primary("Papua New Guinea has more than 800 languages."));
    assertEquals("CD", primary("Kinshasa is the largest city of the Congo."));
    assertEquals(Set.of("CA", "CA-AB", "US", "US-MT"), places("Alberta borders the US state of Montana."),
        "a region two countries share goes to the one the text names");
    assertEquals(Set.of("BG", "BG-12", "US", "US-MT"), places("Montana is a region."), "no other evidence: both");
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
  void arabicPrepositionsAdjectivesAndSpellings() {
    assertEquals(Set.of("EG"), countries("ولد بمصر عام ١٩٥٠", "ar"), "ب (in) written onto the name");
    assertEquals(Set.of("MA", "TN"), countries("سافرنا إلى الجزيرة ثم عدنا للمغرب وتونس", "ar"),
        "لل before the article, و (and)");
    assertEquals(Set.of("MA"), countries("يحب المطبخ المغربي كثيرا", "ar"), "the adjective");
    assertEquals(Set.of("EG"), countries("عن الثقافة المصرية والأغاني للمصريين", "ar"), "feminine, plural, with ل");
    assertEquals(Set.of("SA", "AE", "US", "DE"), countries("عمل في السعوديه والامارات وامريكا والمانيا", "ar"),
        "without hamza, ه for ة: as most people type them");
    assertEquals(Set.of(), countries("تعلم اللغة الفرنسية ويتحدث الألمانية", "ar"), "languages, not peoples");
    assertEquals(Set.of(), countries("نظام مالي قوي ومدرسة بنين", "ar"), "financial and sons, not Mali and Benin");
    assertEquals(List.of("ومصر", "بمصر", "فمصر", "وبمصر", "لمصر", "ولمصر"), NameForms.arabicProclitics("مصر"));
    assertTrue(NameForms.arabicAdjectives("سوريا").containsAll(List.of("سوري", "السورية", "للسوريين")));
    assertEquals(List.of(), NameForms.arabicAdjectives("الولايات المتحدة"), "one-word names only");
  }

  @Test
  void germanAndPolishCaseForms() {
    assertEquals(Set.of("FR", "DE"), countries("Die Geschichte Frankreichs und Deutschlands", "de"));
    assertEquals(Set.of("PL", "FR", "CN", "IL"), countries("Mieszkam w Polsce, byłem we Francji, w Chinach i w Izraelu.",
        "pl"));
    assertEquals(Set.of(), countries("The Chinas of the Ming dynasty were exported.", "en"),
        "other languages' forms do not match English text");
    assertFalse(places("The Canary Islands lie off Morocco.").contains("IS"), "not Iceland's German genitive");
    assertEquals(Set.of("IS"), countries("Die Geschichte Islands beginnt um 870.", "de"));
    assertEquals(List.of(), NameForms.germanGenitive("Schweiz"));
    assertEquals(List.of(), NameForms.germanGenitive("Türkei"), "feminine: der Türkei");
  }

  @Test
  void demonymsMadeFromLanguageNames() {
    assertEquals(Set.of("RU"), countries("Aleksandr Borodin był rosyjskim kompozytorem.", "pl"));
    assertEquals(Set.of("DE", "JP"), countries("Немецкие и японские инженеры работали вместе.", "ru"));
    assertEquals(Set.of("CN", "GR"), countries("A astronomia chinesa e os astrônomos gregos.", "pt"));
    assertEquals(Set.of("PL"), countries("Польський письменник приїхав до Варшави.", "uk"),
        "a Polish writer came to Warsaw (city names are in English only: Варшави is not found)");
    assertEquals(Set.of(), countries("Книга написана на русском языке.", "ru"), "the language");
    assertEquals(Set.of(), countries("Tekst w języku niemieckim.", "pl"), "the language");
    assertEquals(List.of("alemão", "alemã", "alemães"), NameForms.ofLanguageName("alemão", "pt"));
  }

  /** The countries a text in a language is tagged with, at {@code tag.min_score} (not a language prior alone). */
  private Set<String> countries(String text, String language) {
    CultureTagger.Hints hints = new CultureTagger.Hints(language, null, null, null, List.of(), List.of());
    return tagger.tag(text, hints).tags().stream().filter(t -> t.target().level().equals("country"))
        .filter(t -> t.score() >= new TagSettings().minScore).map(t -> t.target().countryCode())
        .collect(Collectors.toSet());
  }

  @Test
  void persianAndUrduAdjectives() {
    assertEquals(Set.of("IR"), countries("غذای ایرانی خوشمزه است و ایرانیان مهمان‌نواز هستند", "fa"));
    assertEquals(Set.of("IT", "RU"), countries("آشپزی ایتالیایی و ادبیات روسی", "fa"));
    assertEquals(Set.of(), countries("او زبان چینی یاد می‌گیرد", "fa"), "the language");
    assertEquals(Set.of("PK"), countries("پاکستانی کھانا بہت مزیدار ہے", "ur"));
    assertEquals(List.of(), NameForms.persianAdjectives("فرانسه", "fa"), "irregular: فرانسوی");
  }

  @Test
  void hebrewPrefixes() {
    assertEquals(Set.of("FR", "IT", "IL"), countries("נולד בישראל, נסע לצרפת ומשם לאיטליה", "he"));
    assertEquals(Set.of("US"), countries("הוא גר בארה\"ב כבר עשר שנים", "he"));
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
