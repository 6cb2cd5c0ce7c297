package io.tessera.bench;

import io.tessera.config.TesseraConfig.TagSettings;
import io.tessera.tagging.CultureTagger;
import io.tessera.tagging.Gazetteer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The country-mention sets' first runs, rebuilt from git history, and what a filter learned on them could do (run:
 * scripts/bench mention-first-runs, which builds each set's annotation commit in a worktree).
 * <ul>
 *   <li>{@code commits}: each set run once before its errors were looked at, and the commit that annotated it (its
 *       rules are those of the first run);</li>
 *   <li>{@code pairs SET EXCERPTS OUT}: with that commit's tagger on the class path, the set's predicted page ×
 *       country pairs, each with the evidence the tag rests on and its gold label ({@code MentionEval --dump}
 *       writes EXCERPTS);</li>
 *   <li>{@code report PAIRS...}: precision and recall per set and pooled, by the kinds of evidence, and a logistic
 *       regression over the pairs' features trained on all sets but one and tested on that one, in turn.</li>
 * </ul>
 * The tagger API these use (Gazetteer.get, CultureTagger.tag, Tag) has not changed since the first of these commits.
 */
public final class FirstRuns {
  /** Each set and the commit that annotated it, before the tagger ran on it (git log of the gold file). */
  private static final List<String> COMMITS = List.of("heldout2 1c97566", "heldout3 57a8adb", "heldout4 0c1af7a",
      "heldout5 aa76bae", "heldout6 f9d1dc1", "heldout7 f1c27a4", "heldout8 3b6fd3b", "heldout9 af32e6e",
      "heldout10 edfb067", "heldout11 3b8a142", "heldout12 7c0cbfb", "heldout13 a6d2fcd", "heldout14 5613198",
      "heldout15 1c5b068", "heldout16 ef6c9b0", "heldout17 f397b86", "heldout18 cbc289b", "heldout19 0d782de",
      "heldout20 93e5118", "heldout21 9135c09", "heldout22 57dc400", "heldout23 57dc400",
      "heldout24 9e86273", "heldout25 a644c2c");

  private static final String HEADER = "set\tpage\tcountry\tgold\tscore\tname\tdemonym\tplace\tbest\tcountries"
      + "\tsame_continent\ttitle";
  private static final double[] THRESHOLDS = {0.5, 0.6, 0.7, 0.8};

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "commits" -> COMMITS.forEach(System.out::println);
      case "pairs" -> pairs(args[1], Path.of(args[2]), Path.of(args[3]));
      case "report" -> report(Stream.of(args).skip(1).map(Path::of).toList());
      default -> throw new IllegalArgumentException("commits | pairs SET EXCERPTS OUT | report PAIRS...");
    }
  }

  /** The set's predicted pairs as the tagger on the class path gives them; a last line counts the gold pairs. */
  private static void pairs(String set, Path excerpts, Path out) throws Exception {
    Map<String, Set<String>> gold = MentionEval.gold();
    CultureTagger tagger = new CultureTagger(Gazetteer.get(), new TagSettings());
    double minScore = new TagSettings().minScore;
    StringBuilder rows = new StringBuilder(HEADER).append('\n');
    int goldPairs = 0;
    List<Path> files;
    try (Stream<Path> list = Files.list(excerpts)) {
      files = list.filter(p -> p.getFileName().toString().startsWith(set + "-")).sorted().toList();
    }
    for (Path file : files) {
      String[] keyAndText = Files.readString(file).split("\n\n", 2);
      String page = keyAndText[0];
      String text = keyAndText[1].substring(0, keyAndText[1].length() - 1); // --dump ends each with a newline
      Set<String> expected = gold.get(page);
      goldPairs += expected.size();
      CultureTagger.Hints hints = new CultureTagger.Hints(page.substring(0, 2), null, null, null, List.of(),
          List.of());
      Set<String> inTitle = new HashSet<>();
      for (CultureTagger.Tag t : tagger.tag(page.substring(page.indexOf(':') + 1), hints).tags()) {
        if (t.target().level().equals("country") && t.score() >= minScore) {
          inTitle.add(t.target().countryCode());
        }
      }
      List<CultureTagger.Tag> countries = tagger.tag(text, hints).tags().stream()
          .filter(t -> t.target().level().equals("country") && t.score() >= minScore).toList();
      for (CultureTagger.Tag t : countries) {
        String continent = t.target().path().split(" > ")[0];
        long sameContinent = countries.stream()
            .filter(o -> o != t && o.target().path().split(" > ")[0].equals(continent)).count();
        String code = t.target().countryCode();
        rows.append(String.join("\t", set, page, code, flag(expected.contains(code)), String.valueOf(t.score()),
            flag(t.evidence().contains("explicit_mention")), flag(t.evidence().contains("demonym")),
            flag(t.evidence().contains("geo_place")), flag(t == countries.get(0)),
            String.valueOf(countries.size()), String.valueOf(sameContinent), flag(inTitle.contains(code))))
            .append('\n');
      }
    }
    rows.append("#gold\t").append(goldPairs).append('\n');
    Files.createDirectories(out.getParent());
    Files.writeString(out, rows);
  }

  private static String flag(boolean b) {
    return b ? "1" : "0";
  }

  /** A predicted pair read back. */
  private record Pair(String set, boolean right, double[] features, String kinds) {}

  private static void report(List<Path> files) throws Exception {
    Map<String, Double> population = urbanPopulation();
    List<Pair> pairs = new ArrayList<>();
    Map<String, Integer> gold = new LinkedHashMap<>();
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.split("\t");
        if (line.startsWith("#gold")) {
          gold.put(file.getFileName().toString().replace(".tsv", ""), Integer.parseInt(f[1]));
        } else if (!line.startsWith("set\t")) {
          pairs.add(pair(f, population));
        }
      }
    }
    System.out.println("| set | gold pairs | tagged | precision | recall |");
    System.out.println("|---|---|---|---|---|");
    int[] all = new int[3];
    gold.forEach((set, g) -> {
      int tagged = (int) pairs.stream().filter(p -> p.set().equals(set)).count();
      int right = (int) pairs.stream().filter(p -> p.set().equals(set) && p.right()).count();
      all[0] += g;
      all[1] += tagged;
      all[2] += right;
      System.out.printf("| %s | %d | %d | %.3f | %.3f |%n", set, g, tagged, (double) right / tagged, (double) right / g);
    });
    System.out.printf("| pooled | %d | %d | %.3f | %.3f |%n%n", all[0], all[1], (double) all[2] / all[1],
        (double) all[2] / all[0]);

    System.out.println("| evidence the tag rests on | right | wrong | precision |");
    System.out.println("|---|---|---|---|");
    Map<String, int[]> byKinds = new TreeMap<>();
    pairs.forEach(p -> byKinds.computeIfAbsent(p.kinds(), k -> new int[2])[p.right() ? 0 : 1]++);
    byKinds.forEach((kinds, c) -> System.out.printf("| %s | %d | %d | %.3f |%n", kinds, c[0], c[1],
        (double) c[0] / (c[0] + c[1])));

    System.out.println();
    System.out.println("| kept at a learned probability of at least | precision | recall (pooled, each set held out) |");
    System.out.println("|---|---|---|");
    System.out.printf("| (no filter) | %.3f | %.3f |%n", (double) all[2] / all[1], (double) all[2] / all[0]);
    double[] heldOut = new double[pairs.size()]; // each pair's probability from the model fitted without its set
    for (String set : gold.keySet()) {
      double[] w = fit(pairs.stream().filter(p -> !p.set().equals(set)).toList());
      for (int i = 0; i < pairs.size(); i++) {
        if (pairs.get(i).set().equals(set)) {
          heldOut[i] = probability(w, pairs.get(i).features());
        }
      }
    }
    for (double threshold : THRESHOLDS) {
      int kept = 0;
      int right = 0;
      for (int i = 0; i < pairs.size(); i++) {
        if (heldOut[i] >= threshold) {
          kept++;
          right += pairs.get(i).right() ? 1 : 0;
        }
      }
      System.out.printf("| %.1f | %.3f | %.3f |%n", threshold, (double) right / kept, (double) right / all[0]);
    }
  }

  /**
   * A pair's features: one kind of evidence only (a name, a demonym, a place), each also times the country's urban
   * population (log10, centred on a million: places of small countries are more often something else), the score,
   * whether it is the page's best-scored country, how many countries the page has, whether another is on the same
   * continent, whether the page's title names it.
   */
  private static Pair pair(String[] f, Map<String, Double> population) {
    boolean name = f[5].equals("1");
    boolean demonym = f[6].equals("1");
    boolean place = f[7].equals("1");
    String kinds = (name ? "name " : "") + (demonym ? "demonym " : "") + (place ? "place" : "");
    int n = (name ? 1 : 0) + (demonym ? 1 : 0) + (place ? 1 : 0);
    double size = (Math.log10(population.getOrDefault(f[2], 0.0) + 1) - 6) / 2;
    double onlyName = n == 1 && name ? 1 : 0;
    double onlyDemonym = n == 1 && demonym ? 1 : 0;
    double onlyPlace = n == 1 && place ? 1 : 0;
    double[] x = {1, onlyName, onlyDemonym, onlyPlace, onlyName * size, onlyDemonym * size, onlyPlace * size,
        Double.parseDouble(f[4]), f[8].equals("1") ? 1 : 0, Math.log(Integer.parseInt(f[9])),
        Integer.parseInt(f[10]) > 0 ? 1 : 0, f[11].equals("1") ? 1 : 0};
    return new Pair(f[0], f[3].equals("1"), x, kinds.strip());
  }

  /** Logistic regression, L2-regularised (not the intercept), by gradient descent. */
  private static double[] fit(List<Pair> train) {
    int d = train.get(0).features().length;
    double[] w = new double[d];
    double l2 = 1.0;
    for (int step = 0; step < 3000; step++) {
      double[] gradient = new double[d];
      for (Pair p : train) {
        double error = probability(w, p.features()) - (p.right() ? 1 : 0);
        for (int j = 0; j < d; j++) {
          gradient[j] += error * p.features()[j];
        }
      }
      for (int j = 0; j < d; j++) {
        w[j] -= 0.5 * (gradient[j] + (j == 0 ? 0 : l2 * w[j])) / train.size();
      }
    }
    return w;
  }

  private static double probability(double[] w, double[] x) {
    double z = 0;
    for (int j = 0; j < w.length; j++) {
      z += w[j] * x[j];
    }
    return 1 / (1 + Math.exp(-z));
  }

  /** Country → the summed population of its cities in the gazetteer (200,000 people or more). */
  private static Map<String, Double> urbanPopulation() throws Exception {
    Map<String, Double> population = new HashMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        FirstRuns.class.getClassLoader().getResourceAsStream("gazetteer/places.tsv"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split("\t", -1);
        if (f[0].equals("city")) {
          population.merge(f[1], Double.parseDouble(f[5]), Double::sum);
        }
      }
    }
    return population;
  }
}
