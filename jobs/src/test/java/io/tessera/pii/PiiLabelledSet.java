package io.tessera.pii;

import io.tessera.pii.PiiRedactor.Span;
import io.tessera.pii.PiiRedactor.Type;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labelled texts of pii/labelled.tsv and the scoring of the redactor on them: a found span counts when its type
 * and both ends equal a labelled one (exact match), per type and per language.
 */
public final class PiiLabelledSet {
  private static final Pattern MARK = Pattern.compile("\\[\\[([A-Z]+):(.+?)]]");

  public record Example(int line, String language, String text, List<Span> gold) {}

  /** True and false positives and false negatives. */
  public static final class Score {
    public int tp;
    public int fp;
    public int fn;

    public double precision() {
      return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
    }

    public double recall() {
      return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
    }
  }

  /** Scores per type, per language and overall, and every error as "line: missed/extra TYPE 'text'". */
  public record Report(Map<String, Score> byType, Map<String, Score> byLanguage, Score overall, List<String> errors) {}

  private PiiLabelledSet() {}

  /** The set the rules were written against. */
  public static List<Example> load() throws IOException {
    return load("labelled.tsv");
  }

  /** labelled.tsv, or heldout.tsv: texts written after the rules, never used to tune them. */
  public static List<Example> load(String name) throws IOException {
    List<Example> examples = new ArrayList<>();
    try (InputStream in = PiiLabelledSet.class.getResourceAsStream("/pii/" + name)) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank() || lines[i].startsWith("#")) {
          continue;
        }
        String[] parts = lines[i].split("\t", 2);
        StringBuilder text = new StringBuilder();
        List<Span> gold = new ArrayList<>();
        Matcher m = MARK.matcher(parts[1]);
        int at = 0;
        while (m.find()) {
          text.append(parts[1], at, m.start());
          int start = text.length();
          text.append(m.group(2));
          gold.add(new Span(Type.valueOf(m.group(1)), start, text.length()));
          at = m.end();
        }
        text.append(parts[1].substring(at));
        examples.add(new Example(i + 1, parts[0], text.toString(), gold));
      }
    }
    return examples;
  }

  public static Report score(PiiRedactor redactor, List<Example> examples) {
    Map<String, Score> byType = new TreeMap<>();
    Map<String, Score> byLanguage = new TreeMap<>();
    Score overall = new Score();
    List<String> errors = new ArrayList<>();
    for (Type type : Type.values()) {
      byType.put(type.name(), new Score());
    }
    for (Example example : examples) {
      Set<Span> found = new HashSet<>(redactor.find(example.text()));
      Set<Span> gold = new HashSet<>(example.gold());
      Score language = byLanguage.computeIfAbsent(example.language(), l -> new Score());
      for (Span span : found) {
        boolean hit = gold.contains(span);
        for (Score s : List.of(byType.get(span.type().name()), language, overall)) {
          if (hit) {
            s.tp++;
          } else {
            s.fp++;
          }
        }
        if (!hit) {
          errors.add(example.line() + " " + example.language() + ": extra " + span.type() + " '"
              + example.text().substring(span.start(), span.end()) + "'");
        }
      }
      for (Span span : gold) {
        if (!found.contains(span)) {
          for (Score s : List.of(byType.get(span.type().name()), language, overall)) {
            s.fn++;
          }
          errors.add(example.line() + " " + example.language() + ": missed " + span.type() + " '"
              + example.text().substring(span.start(), span.end()) + "'");
        }
      }
    }
    return new Report(byType, byLanguage, overall, errors);
  }
}
