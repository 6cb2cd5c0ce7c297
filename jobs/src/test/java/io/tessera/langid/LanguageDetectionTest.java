package io.tessera.langid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.config.TesseraConfig.LangIdSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageDetectionTest {
  private static LangIdSettings settings(String... languages) {
    LangIdSettings s = new LangIdSettings();
    s.languages = List.of(languages);
    return s;
  }

  private static final LanguageDetection ALL = LanguageDetection.get(new LangIdSettings());

  @Test
  void scriptsOfOneLanguageAreDecidedWithoutLingua() {
    LanguageDetection.Result ko = ALL.detect("설날 아침에는 한복을 입고 어른들께 세배를 드립니다.", null);
    assertEquals("ko", ko.code());
    assertEquals("script", ko.method());
    assertEquals("Hang", ko.script());
    assertEquals("th", ALL.detect("ไปวัดทำบุญตักบาตรตอนเช้ากับคุณยาย", null).code());
    assertEquals("el", ALL.detect("Στο Πάσχα ψήνουμε αρνί στη σούβλα", null).code());
    LanguageDetection.Result ja = ALL.detect("日本のお正月には、家族で初詣に行きます。", null);
    assertEquals("ja", ja.code());
    assertEquals("Jpan", ja.script());
    // Cyrillic has eight writers among all languages, but only one in a Russian-only set. (With the coverage gate
    // on, Kyrgyz or Tatar could be behind a short Cyrillic text that fits the Russian model poorly: see below.)
    LangIdSettings russian = settings("ru", "en");
    russian.coverage = false;
    assertEquals("script", LanguageDetection.get(russian).detect("На Масленицу пекут блины", null).method());
    assertFalse("script".equals(ALL.detect("На Масленицу в России пекут блины и ходят в гости", null).method()));
  }

  private static final LanguageDetection LINGUA_ONLY = LanguageDetection.get(withoutScreen());

  private static LangIdSettings withoutScreen() {
    LangIdSettings s = new LangIdSettings();
    s.screen = false;
    return s;
  }

  @Test
  void clearTextsAreSettledByTheTrigramScreenAndCloseCallsByLingua() {
    String german = "Die Landesregierung hat am Mittwoch beschlossen, dass die Schulen im ganzen Land nach den"
        + " Sommerferien wieder öffnen werden, und die meisten Eltern begrüßen diese Entscheidung sehr.";
    LanguageDetection.Result screened = ALL.detect(german, null);
    assertEquals("de", screened.code());
    assertEquals("trigram_screen", screened.method());
    assertTrue(screened.confidence() > 0.99, "a lead of 20 nats or more: " + screened.confidence());
    assertEquals("lingua_high", LINGUA_ONLY.detect(german, null).method());
    // Too little evidence: Lingua decides.
    assertEquals("lingua_high", ALL.detect("Ja, gerne, bis morgen.", null).method());
    // A Chinese text with a few English words is not settled as English by its few known trigrams.
    LanguageDetection.Result mixed = ALL.detect("你好， John，很高兴看到你。你的商业头脑非常聪明，我非常欣赏。谢谢，我也一直在寻找价格"
        + "实惠的中国产品，CEO 先生。", null);
    assertEquals("zh", mixed.code());
  }

  @Test
  void linguaDecidesLatinScriptAndCyrillic() {
    assertEquals("de", LINGUA_ONLY.detect("In Deutschland gilt Pünktlichkeit als Zeichen von Respekt.", null).code());
    assertEquals("ru", LINGUA_ONLY.detect("На Масленицу в России пекут блины, ходят друг к другу в гости.", null).code());
    LanguageDetection.Result sw = LINGUA_ONLY.detect("Siku ya Idd watu wa Mombasa huvaa nguo mpya na kwenda msikitini.", "sw");
    assertEquals("sw", sw.code());
    assertEquals("lingua_high", sw.method());
    assertEquals(3, sw.candidates().size());
    assertTrue(sw.confidence() > 0 && sw.confidence() <= 1);
  }

  @Test
  void scriptRulesDecideLanguagesLinguaLacks() {
    // Sentences from the UDHR translations (article 1 or 3) and Wikipedia's main pages.
    String[][] cases = {
        {"am", "የመንግስት፡ሥልጣን፡መሠረቱ፡የሕዝቡ፡ፈቃድ፡መሆን፡አለበት።"},
        {"ti", "ኩሉ ሰብ ናይ ህይወት፣ ናጽነትን ውሕስነትን ሓለዋ ናይ ምርካብ መሰል ኣለዎ።"},
        {"as", "সকলো মানুহ মুক্ত হৈ জন্মগ্ৰহণ কৰে আৰু সমান মৰ্যাদা আৰু অধিকাৰৰ অধিকাৰী।"},
        {"or", "ସବୁ ମଣିଷ ଜନ୍ମକାଳରୁ ସ୍ୱାଧୀନ ଏବଂ ମର୍ଯ୍ୟାଦା ଓ ଅଧିକାରରେ ସମାନ।"},
        {"km", "មនុស្សទាំងអស់កើតមកមានសេរីភាព និងសមភាព ក្នុងផ្នែកសេចក្ដីថ្លៃថ្នូរនិងសិទ្ធិ។"},
        {"lo", "ມະນຸດທັງຫລາຍເກີດມາມີສິດເສລີພາບ ແລະ ສະເໝີໜ້າກັນໃນທາງກຽດຕິສັກ ແລະ ທາງສິດ."},
        {"my", "လူတိုင်းသည် တူညီ လွတ်လပ်သော ဂုဏ်သိက္ခာဖြင့် လည်းကောင်း၊ တူညီလွတ်လပ်သော အခွင့်အရေးများဖြင့် လည်းကောင်း၊"},
        {"si", "සියලු මනුෂ්‍යයෝ නිදහස්ව උපත ලබා ඇත. ගරුත්වයෙන් හා අයිතිවාසිකම්වලින් සමාන වෙති."},
        {"yi", "אַלע מענטשן װערן געבױרן פֿרײַ און גלײַך אין כּבֿוד און רעכט."},
    };
    for (String[] c : cases) {
      LanguageDetection.Result r = ALL.detect(c[1], null);
      assertEquals(c[0], r.code(), c[1]);
      assertEquals("script_rule", r.method(), c[1]);
    }
    // Scripts of several languages that no detector here tells apart: without the letters of one of them, und
    // (method uncovered), or the source's declared language when it is trusted. Tibetan and Dzongkha (UDHR
    // preambles) differ in words, not letters; Amharic without ሠ or ኀ could be Tigrinya without its markers.
    LangIdSettings untrusting = new LangIdSettings();
    untrusting.trustSourceHint = false;
    for (String text : List.of("འགྲོ་བ་མིའི་རིགས་རྒྱུད་ཡོངས་ལ་སྐྱེས་ཙམ་ཉིད་ནས་ཆེ་མཐོངས་དང༌། ཐོབ་ཐངགི་རང་དབང་འདྲ་མཉམ་དུ་ཡོད་ལ།",
        "དེ་ཡང་ འགྲོ་བ་མིའི་དལ་དབང་ལུ་ཆ་གནས་མ་འབད་མི་དང་། བརྩི་བཀུར་མ་འབད་མི་ལུ་བརྟེན་ཏེ་ ཀླ་ཀློའི་སྤྱོད་པ་དང་འབྲེལ་བའི་བྱ་སྤྱོད་ལུ་བརྩོན་བཅུག་སྟེ་",
        "የሰው ልጅ ሁሉ ሲወለድ ነጻና በክብርና በመብትም እኩልነት ያለው ነው።")) {
      LanguageDetection.Result r = LanguageDetection.get(untrusting).detect(text, null);
      assertEquals("und", r.code(), text);
      assertEquals("uncovered", r.method(), text);
      LanguageDetection.Result declared = ALL.detect(text, "dz");
      assertEquals("dz", declared.code(), text);
      assertEquals("source_declared", declared.method(), text);
    }
    // Bengali without Assamese ৰ or ৱ stays Bengali (Lingua's), and so does a long Bengali text quoting one
    // Assamese word: markers decide from 0.3% of the letters.
    String bengali = "সমস্ত মানুষ স্বাধীনভাবে সমান মর্যাদা এবং অধিকার নিয়ে জন্মগ্রহণ করে। ";
    assertEquals("bn", ALL.detect(bengali, null).code());
    assertEquals("bn", ALL.detect(bengali.repeat(12) + "আৰু", null).code());
  }

  @Test
  void theBroadDetectorNamesLanguagesLinguaLacksOrTheTextIsUnd() {
    // Hausa, which raw Lingua calls Swahili or Yoruba with confidence (UDHR article 1).
    LanguageDetection.Result hausa = ALL.detect("Su dai ’yan-adam, ana haifuwarsu ne duka ’yantattu, kuma"
        + " kowannensu na da mutunci da hakkoki daidai da na kowa. Suna da hankali da tunani, saboda haka duk abin da"
        + " za su aikata wa juna, ya kamata su yi shi a cikin ’yan-uwanci.", null);
    assertEquals("ha", hausa.code());
    assertEquals("broad_detector", hausa.method());
    assertTrue(hausa.confidence() > 0 && hausa.confidence() < 1);
    // Breton, which raw Lingua calls Swahili or Welsh (UDHR preamble): Breton or und, never one of Lingua's.
    LangIdSettings untrusting = new LangIdSettings();
    untrusting.trustSourceHint = false;
    LanguageDetection.Result breton = LanguageDetection.get(untrusting).detect("evel uhelvennad boutin da vezañ"
        + " diraezet gant an holl bobloù hag an holl vroadoù, d’an holl dud hag ensavadurioù, gant an"
        + " Disklêriadur-mañ atav en o freder, da lakaat kreskiñ dre ar c’helenn hag an deskadurezh, an doujans ouzh"
        + " ar gwirioù ha frankizioù-mañ.", null);
    assertTrue(List.of("br", "und").contains(breton.code()), breton.toString());
    // Chichewa, which neither detector knows (raw Lingua: Zulu or Shona by a hair; the broad detector leans to
    // Swahili without being sure): the two disagree and neither is sure, so und (UDHR article 1 and 2).
    for (String chichewa : List.of("Anthu onse amabadwa aufulu ndiponso ofanana mu ulemu ndi ufulu wao. Iwowa ndi"
        + " wodalitsidwa ndi mphamvu zoganiza ndi chikumbumtima ndipo achitirane wina ndi mnzake mwaubale.",
        "Poonjezerapo pasakhale kusiyanitsa poganizira ndale, malamulo kapena m'mene dziko kapena dera lomwe munthu"
        + " akuchokera lilili, kaya ndi loima palokha, lodalira ena, losadzidalira, kapena lomwe likupingidwa m'njira"
        + " zina.")) {
      LanguageDetection.Result r = LanguageDetection.get(untrusting).detect(chichewa, null);
      assertEquals("und", r.code(), r.toString());
      assertEquals("uncovered", r.method(), r.toString());
    }
    // Clear text in one of Lingua's languages keeps Lingua's answer and method, gate or no gate.
    LangIdSettings ungated = new LangIdSettings();
    ungated.coverage = false;
    String indonesian = "Setiap orang berhak atas kehidupan, kebebasan dan keselamatan sebagai individu.";
    String spanish = "Todo individuo tiene derecho a la vida, a la libertad y a la seguridad de su persona.";
    for (String text : List.of(indonesian, spanish)) {
      assertEquals(LanguageDetection.get(ungated).detect(text, null), ALL.detect(text, null), text);
    }
  }

  @Test
  void textIsPreparedBeforeDetection() {
    assertEquals("Lion dance outside the kopitiam this morning",
        LanguageDetection.prepare("Lion dance @sg_makan outside the kopitiam 🦁 #CNY this morning https://t.co/abc"));
    assertEquals("Ugali ni chakula", LanguageDetection.prepare("<b>Ugali</b> ni [[chakula]]"));
  }

  @Test
  void shortOrUnsureTextsFallBackToTheHintOrUnd() {
    LanguageDetection.Result hinted = ALL.detect("ok 👍", "in");
    assertEquals("id", hinted.code());
    assertEquals("source_declared", hinted.method());
    LangIdSettings untrusting = new LangIdSettings();
    untrusting.trustSourceHint = false;
    assertEquals("und", LanguageDetection.get(untrusting).detect("ok 👍", "in").code());
  }

  @Test
  void longTextsAreSampledFromStartMiddleAndEnd() {
    String start = "alpha ".repeat(400);
    String middle = "beta ".repeat(400);
    String end = "gamma ".repeat(400);
    String sample = ALL.sample(start + middle + end);
    assertTrue(sample.length() <= 3 * 400 + 2, "bounded: " + sample.length());
    assertTrue(sample.startsWith("alpha") && sample.contains("beta") && sample.endsWith("gamma"), sample);
    // Very long raw text is cut to three windows before it is cleaned.
    String bounded = ALL.bounded(start + middle + end);
    assertTrue(bounded.length() <= 3 * 1500 + 2, "bounded: " + bounded.length());
    assertTrue(bounded.startsWith("alpha") && bounded.contains("beta") && bounded.strip().endsWith("gamma"));
    assertEquals("short", ALL.bounded("short"));
  }

  @Test
  void codeSwitchedTextGetsSpans() {
    List<LanguageDetection.Span> spans = ALL.spans("The meeting starts at nine and everyone should be on time. "
        + "Ja, ich habe gehört, dass die Firma eine neue Gesundheitsinitiative startet. "
        + "Das finde ich wirklich eine sehr gute Idee für alle Mitarbeiter.");
    assertEquals(List.of("en", "de"), spans.stream().map(LanguageDetection.Span::code).toList());
    assertEquals(0, spans.get(0).start());
  }
}
