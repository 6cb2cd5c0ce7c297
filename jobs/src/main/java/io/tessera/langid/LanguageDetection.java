package io.tessera.langid;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig.Accuracy;
import io.tessera.config.TesseraConfig.LangIdSettings;
import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tessera's language identification: Lingua, made fast where it can be without losing accuracy. A text is cleaned
 * (markup, URLs, handles, hashtags, emoji removed; NFC), decided directly when its script belongs to one configured
 * language, sampled in three windows when long, settled by a fast trigram screen ({@link TrigramScreen}) when it is
 * clearly sure, and otherwise given to Lingua. Unsure or too-short texts get the
 * source's declared language (when trusted) or und.
 *
 * <p>One instance per settings per JVM ({@link #get}): the detector and its models are built once per executor and
 * shared by its tasks (Lingua's detector is thread-safe), never serialised.
 */
public final class LanguageDetection {
  private static final Map<String, LanguageDetection> PER_JVM = new ConcurrentHashMap<>();
  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
  private static final Pattern HANDLE = Pattern.compile("(?<![\\w@])[@#][\\p{L}\\p{N}_]+");
  private static final Pattern TAG = Pattern.compile("</?[a-zA-Z][^<>]{0,200}>|&[a-z]{2,8};|\\{\\{|\\}\\}|\\[\\[|\\]\\]");
  private static final Pattern EMOJI = Pattern.compile("[\\p{So}\\p{Cs}\\x{FE0F}\\x{200D}\\x{1F3FB}-\\x{1F3FF}]");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private final LangIdSettings settings;
  private final LanguageDetector lingua;
  private final LanguageDetector prefilter;
  private final Set<Language> languages;
  private final TrigramScreen screen;
  /** The coverage gate (null when off): script rules and the broad detector for languages Lingua lacks. */
  private final ScriptRules rules;
  private final BroadDetector broad;
  /** The codes of all of Lingua's languages, and of the configured ones: Lingua decides among the latter. */
  private static final Set<String> LINGUA = languages(List.of()).stream().map(LanguageDetection::code)
      .collect(Collectors.toUnmodifiableSet());
  private final Set<String> codes;
  /** Detectors for the narrowed language sets met so far; Lingua's models are shared by all of them. */
  private final Map<Set<Language>, LanguageDetector> narrowed = new ConcurrentHashMap<>();

  private LanguageDetection(LangIdSettings settings) {
    this.settings = settings;
    this.languages = languages(settings.languages);
    this.lingua = detector(languages, settings.accuracy, settings.preload);
    this.prefilter = detector(languages, Accuracy.LOW, false);
    this.screen = settings.screen ? TrigramScreen.load(languages) : null;
    this.rules = settings.coverage ? ScriptRules.load() : null;
    this.broad = settings.coverage ? BroadDetector.get() : null;
    this.codes = languages.stream().map(LanguageDetection::code).collect(Collectors.toUnmodifiableSet());
  }

  private static LanguageDetector detector(Set<Language> languages, Accuracy accuracy, boolean preload) {
    LanguageDetectorBuilder builder = LanguageDetectorBuilder.fromLanguages(languages.toArray(Language[]::new));
    if (accuracy == Accuracy.LOW) {
      builder = builder.withLowAccuracyMode();
    }
    if (preload) {
      builder = builder.withPreloadedLanguageModels();
    }
    return builder.build();
  }

  /**
   * The detector for this text: all configured languages, or, when narrowing is on, only the few best of the
   * screen's ranking ({@code screened}), or of a cheap low-accuracy look at the text's start when there is none
   * (Lingua's cost grows with the number of candidate languages).
   */
  private LanguageDetector detectorFor(String text, List<Language> screened) {
    if (settings.narrowTo <= 0 || languages.size() <= settings.narrowTo) {
      return lingua;
    }
    Set<Language> best = EnumSet.noneOf(Language.class);
    Iterable<Language> ranked = screened;
    if (screened.isEmpty()) {
      String head = text.length() <= settings.prefilterChars ? text : text.substring(0, settings.prefilterChars);
      ranked = prefilter.computeLanguageConfidenceValues(head).keySet();
    }
    for (Language language : ranked) {
      if (best.size() == settings.narrowTo) {
        break;
      }
      best.add(language);
    }
    if (best.size() < 2) {
      return lingua;
    }
    return narrowed.computeIfAbsent(best, set -> detector(set, settings.accuracy, false));
  }

  /** The shared instance for these settings in this JVM, built on first use. */
  public static LanguageDetection get(LangIdSettings settings) {
    return PER_JVM.computeIfAbsent(ConfigLoader.canonicalJson(settings), key -> new LanguageDetection(settings));
  }

  static Set<Language> languages(List<String> codes) {
    Set<Language> all = EnumSet.allOf(Language.class);
    all.remove(Language.UNKNOWN);
    if (codes == null || codes.isEmpty()) {
      return all;
    }
    Set<Language> chosen = EnumSet.noneOf(Language.class);
    for (String code : codes) {
      Language language = byCode(code);
      if (language == null) {
        throw new IllegalArgumentException("Lingua knows no language '" + code + "'");
      }
      chosen.add(language);
    }
    return chosen;
  }

  static Language byCode(String code) {
    for (Language language : Language.values()) {
      if (language != Language.UNKNOWN && language.getIsoCode639_1().toString().equalsIgnoreCase(code.trim())) {
        return language;
      }
    }
    return null;
  }

  /** A language and how sure: code is BCP 47 (und when nothing is reliable). */
  public record Result(String code, String script, Double confidence, List<Candidate> candidates, String method) {}

  public record Candidate(String code, double confidence) {}

  /** Text as the detector should see it: no markup, links, handles, hashtags or emoji; NFC; spaces collapsed. */
  public static String prepare(String text) {
    if (text == null) {
      return "";
    }
    String s = Normalizer.normalize(text, Normalizer.Form.NFC);
    s = URL.matcher(s).replaceAll(" ");
    s = HANDLE.matcher(s).replaceAll(" ");
    s = TAG.matcher(s).replaceAll(" ");
    s = EMOJI.matcher(s).replaceAll(" ");
    return SPACE.matcher(s).replaceAll(" ").trim();
  }

  public Result detect(String text, String declared) {
    String prepared = prepare(bounded(text));
    Map<UnicodeScript, Integer> letters = Scripts.letters(prepared);
    String script = Scripts.iso15924(letters);
    int letterCount = letters.values().stream().mapToInt(Integer::intValue).sum();
    String hint = LanguageCodes.normalize(declared);
    if (letterCount < settings.minLetters) {
      return fallback(hint, script, null);
    }
    UnicodeScript dominant = ScriptRules.dominant(letters);
    if (rules != null) {
      String ruled = rules.decide(dominant, prepared, letterCount);
      if (LanguageCodes.UNDETERMINED.equals(ruled)) {
        return uncovered(hint, script, List.of());
      }
      if (ruled != null) {
        return new Result(ruled, script, 1.0, List.of(new Candidate(ruled, 1.0)), "script_rule");
      }
    }
    Result found = identify(prepared, letters, script, hint);
    return rules != null && rules.shared(dominant) ? secondOpinion(found, sample(prepared), hint) : found;
  }

  /**
   * The coverage gate's second opinion on a text in a script Lingua shares with languages it lacks. Text that fits
   * one of Lingua's trigram models well keeps Lingua's answer; otherwise the broad detector is asked. When it is
   * sure, its language is taken if outside the configured set, and Lingua stays the decider among its own. When it
   * is unsure and leans to Lingua's language, the two agree. When it leans to another of Lingua's languages, which
   * Lingua has weighed, Lingua's answer stands if Lingua is sure of it ({@code lingua_sure_confidence}). When it
   * leans to a language Lingua lacks, Lingua's sureness says nothing (it chose among languages the text may not be
   * in), so Lingua's answer stands only if the broad detector ranks it a close second ({@code broad_tie_lead}) or
   * does not know it (Tsonga, Shona: its lean is no evidence against them) and Lingua is sure. Otherwise the text
   * is und, or the source's hint when trusted (method {@code uncovered}).
   */
  private Result secondOpinion(Result found, String sample, String hint) {
    if (screen != null && screen.screen(sample).fit() >= settings.broadBelowFit) {
      return found;
    }
    BroadDetector.Opinion opinion = broad.judge(sample);
    if (opinion.sure(settings.broadMinLead)) {
      if (codes.contains(opinion.code())) {
        return found;
      }
      double confidence = 1 - 1 / opinion.lead();
      List<Candidate> candidates = opinion.second() == null ? List.of(new Candidate(opinion.code(), 1.0))
          : List.of(new Candidate(opinion.code(), 1.0), new Candidate(opinion.second(), 1 - confidence));
      return new Result(opinion.code(), found.script(), confidence, candidates, "broad_detector");
    }
    String lingua = found.code();
    boolean linguaSure = found.confidence() != null && found.confidence() >= settings.linguaSureConfidence;
    if (opinion.code().equals(lingua)) {
      return found;
    }
    if (LINGUA.contains(opinion.code())) {
      return linguaSure ? found : uncovered(hint, found.script(), found.candidates());
    }
    boolean closeSecond = lingua.equals(opinion.second()) && opinion.lead() < settings.broadTieLead;
    if (closeSecond || linguaSure && !broad.knows(lingua)) {
      return found;
    }
    return uncovered(hint, found.script(), found.candidates());
  }

  /** Text in a language the gate cannot name: the source's hint when trusted, else und (method uncovered). */
  private Result uncovered(String hint, String script, List<Candidate> candidates) {
    if (hint != null && settings.trustSourceHint) {
      return new Result(hint, script, null, candidates, "source_declared");
    }
    return new Result(LanguageCodes.UNDETERMINED, script, null, candidates, "uncovered");
  }

  /** Lingua's part: the script shortcut, the trigram screen, and Lingua itself on the close calls. */
  private Result identify(String prepared, Map<UnicodeScript, Integer> letters, String script, String hint) {
    if (settings.scriptShortcut) {
      Language only = Scripts.onlyLanguage(letters, languages);
      if (only != null) {
        String code = code(only);
        return new Result(code, script, 1.0, List.of(new Candidate(code, 1.0)), "script");
      }
    }
    String sample = sample(prepared);
    List<Language> screened = List.of();
    if (screen != null) {
      TrigramScreen.Verdict verdict = screen.screen(sample);
      if (verdict.sure(settings.screenMargin, settings.screenMinTrigrams)) {
        String code = code(verdict.best());
        // Confidence on the screen's scale: 1 - e^-(lead in nats); the second as Lingua would list it.
        double confidence = 1 - Math.exp(-verdict.margin());
        List<Candidate> candidates = verdict.second() == null ? List.of(new Candidate(code, 1.0))
            : List.of(new Candidate(code, 1.0), new Candidate(code(verdict.second()), 1 - confidence));
        return new Result(code, script, confidence, candidates, "trigram_screen");
      }
      // Narrow by the screen's ranking only for text in one script: in a Latin-script tweet with a little Hangul
      // the ranking is all Latin-script languages, and Korean would not be among the candidates.
      if (Scripts.dominantShare(letters) >= 0.95) {
        screened = screen.trustedRanking(verdict);
      }
    }
    SortedMap<Language, Double> values = detectorFor(sample, screened).computeLanguageConfidenceValues(sample);
    List<Candidate> candidates = new ArrayList<>();
    double best = 0;
    double second = 0;
    for (Map.Entry<Language, Double> e : values.entrySet()) {
      if (candidates.size() < 3) {
        candidates.add(new Candidate(code(e.getKey()), e.getValue()));
      }
      if (best == 0) {
        best = e.getValue();
      } else if (second == 0) {
        second = e.getValue();
      }
    }
    if (candidates.isEmpty() || best <= 0) {
      return fallback(hint, script, candidates);
    }
    double confidence = second == 0 ? 1.0 : 1.0 - second / best;
    if (confidence < settings.minConfidence) {
      return fallback(hint, script, candidates);
    }
    return new Result(candidates.get(0).code(), script, confidence, candidates,
        settings.accuracy == Accuracy.LOW ? "lingua_low" : "lingua_high");
  }

  /** Whether a detector here can name this language: Lingua, the broad detector or a script rule (for reports). */
  public static boolean nameable(String code) {
    return LINGUA.contains(code) || BroadDetector.get().knows(code) || ScriptRules.load().names(code);
  }

  /** The trigram screen's verdict on a prepared text, for calibration: code null when it has none. */
  public record ScreenVerdict(String code, double margin, int trigrams) {}

  public ScreenVerdict screenVerdict(String prepared) {
    TrigramScreen.Verdict v = screen.screen(sample(prepared));
    return new ScreenVerdict(v.best() == null ? null : code(v.best()), v.margin(), v.trigrams());
  }

  private Result fallback(String hint, String script, List<Candidate> candidates) {
    if (hint != null && settings.trustSourceHint) {
      return new Result(hint, script, null, candidates, "source_declared");
    }
    return new Result(LanguageCodes.UNDETERMINED, script, null, candidates, "none");
  }

  /**
   * A very long raw text cut to three windows of {@code sample_above_chars} (start, middle, end) before it is
   * prepared: cleaning a whole Wikipedia page costs more than detecting its sample.
   */
  String bounded(String text) {
    int window = settings.sampleAboveChars;
    if (text == null || text.length() <= 3 * window) {
      return text;
    }
    int middle = (text.length() - window) / 2;
    return text.substring(0, window) + "\n" + text.substring(middle, middle + window) + "\n"
        + text.substring(text.length() - window);
  }

  /** Long texts: three windows (start, middle, end) cut at spaces, so cost stays flat whatever the length. */
  String sample(String text) {
    if (text.length() <= settings.sampleAboveChars) {
      return text;
    }
    int window = settings.sampleWindowChars;
    StringBuilder out = new StringBuilder(window * 3 + 2);
    for (int start : new int[] {0, (text.length() - window) / 2, text.length() - window}) {
      int from = start == 0 ? 0 : Math.max(0, text.indexOf(' ', start) + 1);
      int to = Math.min(text.length(), from + window);
      int cut = text.lastIndexOf(' ', to);
      out.append(text, from, cut > from ? cut : to).append(' ');
    }
    return out.toString().trim();
  }

  /** A stretch of text in one language (code-switching), in characters of the prepared text. */
  public record Span(String code, int start, int end) {}

  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？؟।])\\s+|\\n+");

  /** Language spans over sentences: consecutive sentences in one language merge; unsure ones join their neighbour. */
  public List<Span> spans(String text) {
    String prepared = prepare(text);
    List<Span> spans = new ArrayList<>();
    int at = 0;
    for (String sentence : SENTENCE_END.split(prepared)) {
      int start = prepared.indexOf(sentence, at);
      int end = start + sentence.length();
      at = end;
      Result r = detect(sentence, null);
      String code = r.code();
      if (LanguageCodes.UNDETERMINED.equals(code) && !spans.isEmpty()) {
        code = spans.get(spans.size() - 1).code();
      }
      if (!spans.isEmpty() && spans.get(spans.size() - 1).code().equals(code)) {
        Span last = spans.remove(spans.size() - 1);
        spans.add(new Span(code, last.start(), end));
      } else {
        spans.add(new Span(code, start, end));
      }
    }
    return spans;
  }

  static String code(Language language) {
    IsoCode639_1 iso = language.getIsoCode639_1();
    return iso.toString().toLowerCase(Locale.ROOT);
  }
}
