package io.tessera.bench;

import io.tessera.pii.PiiLabelledSet;
import io.tessera.pii.PiiLabelledSet.Report;
import io.tessera.pii.PiiLabelledSet.Score;
import io.tessera.pii.PiiRedactor;
import java.util.Comparator;
import java.util.Map;

/**
 * scripts/bench pii: the redactor's precision and recall on pii/labelled.tsv (the rules' own set) and pii/heldout.tsv
 * (written after them), per type and language, the worst, and every error.
 */
public final class PiiEval {
  private PiiEval() {}

  public static void main(String[] args) throws Exception {
    for (String set : new String[] {"labelled.tsv", "heldout.tsv"}) {
      evaluate(set);
    }
  }

  private static void evaluate(String set) throws Exception {
    var examples = PiiLabelledSet.load(set);
    Report report = PiiLabelledSet.score(PiiRedactor.standard(), examples);
    System.out.printf("%n== %s: %d texts, %d labelled spans%n", set, examples.size(),
        examples.stream().mapToInt(e -> e.gold().size()).sum());
    print("type", report.byType());
    print("language", report.byLanguage());
    System.out.printf("%-10s %5d %5d %5d %9.3f %7.3f%n", "overall", report.overall().tp, report.overall().fp,
        report.overall().fn, report.overall().precision(), report.overall().recall());
    Map.Entry<String, Score> worstP = worst(report, true);
    Map.Entry<String, Score> worstR = worst(report, false);
    System.out.printf("worst precision: %s %.3f; worst recall: %s %.3f%n", worstP.getKey(), worstP.getValue().precision(),
        worstR.getKey(), worstR.getValue().recall());
    report.errors().forEach(e -> System.out.println("  " + e));
  }

  private static void print(String what, Map<String, Score> scores) {
    System.out.printf("%-10s %5s %5s %5s %9s %7s%n", what, "tp", "fp", "fn", "precision", "recall");
    scores.forEach((name, s) -> System.out.printf("%-10s %5d %5d %5d %9.3f %7.3f%n", name, s.tp, s.fp, s.fn,
        s.precision(), s.recall()));
  }

  private static Map.Entry<String, Score> worst(Report report, boolean precision) {
    Comparator<Map.Entry<String, Score>> by = Comparator.comparingDouble(e -> precision ? e.getValue().precision()
        : e.getValue().recall());
    return java.util.stream.Stream.concat(report.byType().entrySet().stream().map(e -> Map.entry("type " + e.getKey(),
        e.getValue())), report.byLanguage().entrySet().stream().map(e -> Map.entry("language " + e.getKey(),
        e.getValue()))).min(by).orElseThrow();
  }
}
