package io.tessera.langid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.tika.langdetect.opennlp.OpenNLPDetector;
import org.apache.tika.language.detect.LanguageResult;

/**
 * The coverage gate's second opinion: Apache Tika's OpenNLP language detector (148 languages, Amharic to Zulu,
 * Apache-2.0), asked only where Lingua may be out of its depth. Tika loads the model once per JVM (a static
 * field, about 90 MB of heap, 3 s); each task thread keeps its own detector (they hold a text buffer).
 */
final class BroadDetector {
  static final String CODES = "langid/opennlp-codes.tsv";
  private static final BroadDetector INSTANCE = new BroadDetector();

  /**
   * The detector reads at most this many characters: its cost grows with the text, its answer hardly after a few
   * hundred characters (it stops early when sure).
   */
  static final int MAX_CHARS = 300;

  private final ThreadLocal<OpenNLPDetector> detectors = ThreadLocal.withInitial(() -> {
    OpenNLPDetector detector = new OpenNLPDetector();
    detector.setMaxLength(MAX_CHARS);
    return detector;
  });
  /** The model's codes (ISO 639-3, some with a suffix) as BCP 47 primary subtags. */
  private final Map<String, String> codes = new HashMap<>();

  /**
   * The detector's best language as a BCP 47 code and how far it leads: the ratio of its score to the second's
   * (1 when the two are tied).
   */
  record Opinion(String code, String second, double lead) {
    boolean sure(double minLead) {
      return lead >= minLead;
    }
  }

  private BroadDetector() {
    Map<String, String> twoLetter = new HashMap<>();
    for (String iso1 : Locale.getISOLanguages()) {
      twoLetter.put(Locale.forLanguageTag(iso1).getISO3Language(), iso1);
    }
    Map<String, String> exceptions = exceptions();
    for (String model : new OpenNLPDetector().getSupportedLanguages()) {
      String base = model.contains("-") ? model.substring(0, model.indexOf('-')) : model;
      // The JDK still names some languages by withdrawn codes (iw for Hebrew): normalised like a source's.
      codes.put(model, LanguageCodes.normalize(exceptions.getOrDefault(model, exceptions.getOrDefault(base,
          twoLetter.getOrDefault(base, base)))));
    }
  }

  /** Whether the detector knows this language (it lacks some of Lingua's: Tsonga, Shona, Sesotho). */
  boolean knows(String code) {
    return codes.containsValue(code);
  }

  static BroadDetector get() {
    return INSTANCE;
  }

  /** The detector's opinion of a prepared text. */
  Opinion judge(String text) {
    OpenNLPDetector detector = detectors.get();
    detector.reset();
    detector.addText(text);
    List<LanguageResult> results = detector.detectAll();
    LanguageResult best = results.get(0);
    LanguageResult second = results.size() > 1 ? results.get(1) : null;
    double lead = second == null || second.getRawScore() <= 0 ? Double.MAX_VALUE
        : best.getRawScore() / second.getRawScore();
    return new Opinion(code(best.getLanguage()), second == null ? null : code(second.getLanguage()), lead);
  }

  private String code(String model) {
    return codes.getOrDefault(model, model);
  }

  /** Codes the JDK's ISO 639 table does not map (macrolanguage members, Tika's own suffixes). */
  private static Map<String, String> exceptions() {
    Map<String, String> map = new HashMap<>();
    InputStream in = BroadDetector.class.getClassLoader().getResourceAsStream(CODES);
    if (in == null) {
      throw new IllegalStateException(CODES + " is not on the classpath");
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t"))
          .forEach(f -> map.put(f[0], f[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return map;
  }
}
