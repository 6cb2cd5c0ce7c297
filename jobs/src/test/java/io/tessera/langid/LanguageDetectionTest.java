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
    // Cyrillic has eight writers among all languages, but only one in a Russian-only set.
    assertEquals("script", LanguageDetection.get(settings("ru", "en")).detect("На Масленицу пекут блины", null).method());
    assertFalse("script".equals(ALL.detect("На Масленицу в России пекут блины и ходят в гости", null).method()));
  }

  @Test
  void linguaDecidesLatinScriptAndCyrillic() {
    assertEquals("de", ALL.detect("In Deutschland gilt Pünktlichkeit als Zeichen von Respekt.", null).code());
    assertEquals("ru", ALL.detect("На Масленицу в России пекут блины, ходят друг к другу в гости.", null).code());
    LanguageDetection.Result sw = ALL.detect("Siku ya Idd watu wa Mombasa huvaa nguo mpya na kwenda msikitini.", "sw");
    assertEquals("sw", sw.code());
    assertEquals("lingua_high", sw.method());
    assertEquals(3, sw.candidates().size());
    assertTrue(sw.confidence() > 0 && sw.confidence() <= 1);
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
