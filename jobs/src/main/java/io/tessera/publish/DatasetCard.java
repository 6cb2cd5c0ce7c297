package io.tessera.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tessera.pipeline.CodeVersion;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The dataset card, {@code OUTPUT/README.md}: a Hugging Face card whose YAML header names the default config with a
 * {@code data_files} glob per split (so {@code load_dataset("parquet"/the folder)} finds the splits) and a config per
 * non-empty benchmark table (survey_items, dialogue_items: one test split), the
 * languages, the licences carried from the sources and the size category, then tables of splits, sources and
 * cultures. Built from small aggregates of the published data, never from its rows.
 */
final class DatasetCard {
  /** Source licences Hugging Face knows by identifier (lower case). */
  private static final Set<String> HF_LICENSES = Set.of("apache-2.0", "mit", "cc-by-4.0", "cc-by-sa-4.0",
      "cc-by-sa-3.0", "cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc0-1.0", "odbl", "gpl-3.0", "bsd-3-clause", "cc-by-3.0");
  private static final String[] SPLITS = {"train", "validation", "test"};

  private DatasetCard() {}

  /** The card and the Croissant description, from the same aggregates. */
  record Rendered(String readme, String croissant) {}

  /**
   * {@code partitions}: published records per (split, culture, language), the small table the card's splits,
   * languages and cultures come from; {@code benchmarkItems}: rows per benchmark table under benchmark/.
   */
  static Rendered render(Dataset<Row> published, Dataset<Row> partitions, Map<String, Long> benchmarkItems) {
    Map<String, Long> bySplit = new LinkedHashMap<>();
    for (Row r : partitions.groupBy("split").agg(sum("count")).orderBy("split").collectAsList()) {
      bySplit.put(r.getString(0), r.getLong(1));
    }
    long total = bySplit.values().stream().mapToLong(Long::longValue).sum();
    List<String> languages = partitions.select("language").distinct().orderBy("language").collectAsList().stream()
        .map(r -> r.getString(0)).filter(l -> l != null && !l.equals("und") && !l.equals("mul")).toList();
    List<Row> sources = published.groupBy(col("source.name").as("name"))
        .agg(first("source.dataset", true).as("dataset"), first("source.license", true).as("license"),
            countDistinct("source.license").as("licenses"), count(lit(1)).as("rows"))
        .orderBy("name").collectAsList();
    List<Row> cultures = partitions.groupBy("culture").agg(sum("count").as("rows"))
        .orderBy(col("rows").desc(), col("culture")).limit(30).collectAsList();
    List<String> licenses = sources.stream().map(r -> r.getString(2)).filter(l -> l != null)
        .map(l -> l.toLowerCase(Locale.ROOT)).distinct().sorted().toList();

    Map<String, Object> header = new LinkedHashMap<>();
    List<Map<String, String>> files = new ArrayList<>();
    for (String split : SPLITS) {
      if (bySplit.containsKey(split)) {
        Map<String, String> file = new LinkedHashMap<>();
        file.put("split", split);
        file.put("path", "data/split=" + split + "/**/*.parquet");
        files.add(file);
      }
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("config_name", "default");
    config.put("data_files", files);
    List<Map<String, Object>> configs = new ArrayList<>(List.of(config));
    benchmarkItems.forEach((table, rows) -> {
      if (rows > 0) {
        Map<String, Object> benchmark = new LinkedHashMap<>();
        benchmark.put("config_name", table);
        benchmark.put("data_files", List.of(Map.of("split", "test", "path", "benchmark/" + table + "/*.parquet")));
        configs.add(benchmark);
      }
    });
    header.put("configs", configs);
    header.put("language", languages);
    if (licenses.size() == 1 && HF_LICENSES.contains(licenses.get(0))) {
      header.put("license", licenses.get(0));
    } else {
      header.put("license", "other");
      header.put("license_name", licenses.isEmpty() ? "unknown" : "mixed");
      header.put("license_details", licenses.isEmpty() ? "The sources declare no licence."
          : "Records keep their source's licence (column source.license): " + String.join(", ", licenses) + ".");
    }
    header.put("size_categories", List.of(sizeCategory(total)));
    header.put("task_categories", List.of("text-generation"));
    header.put("tags", List.of("culture", "alignment", "tessera"));

    StringBuilder md = new StringBuilder("---\n").append(yaml(header)).append("---\n\n");
    md.append("# Tessera cultural dataset\n\n");
    md.append("Built by Tessera ").append(CodeVersion.get()).append(" from ").append(sources.size())
        .append(" sources: ").append(total).append(" records, in `data/split=/country=/`, each file sorted by ")
        .append("culture, language and doc_id. ")
        .append("Each record carries its language, culture tags, topic tags and duplicate cluster; dialogues and ")
        .append("chats also carry `messages` for fine-tuning. Column meanings: the Tessera schemas ")
        .append("(`tessera schema dataset`). The run's counts and reasons for every record not published are in ")
        .append("`_tessera/run.json`.\n\n");
    md.append("```python\nfrom datasets import load_dataset\nds = load_dataset(\"parquet\", data_files={")
        .append(String.join(", ", files.stream().map(f -> "\"" + f.get("split") + "\": \"" + f.get("path") + "\"")
            .toList()))
        .append("})\n```\n\n");
    md.append("## Splits\n\n| split | records |\n|---|---|\n");
    for (String split : SPLITS) {
      if (bySplit.containsKey(split)) {
        md.append("| ").append(split).append(" | ").append(bySplit.get(split)).append(" |\n");
      }
    }
    md.append("\nSplits hold whole groups (thread, survey question, duplicate cluster), stratified per culture and ")
        .append("language; training records sharing a 13-word n-gram with a held-out record were removed.\n");
    md.append("\n## Benchmarks\n\nBuilt from held-out records only (configs of their own):\n\n")
        .append("| config | items | what |\n|---|---|---|\n")
        .append("| survey_items | ").append(benchmarkItems.getOrDefault("survey_items", 0L))
        .append(" | a survey question per population: answer distribution and neutral, persona and observer prompts |\n")
        .append("| dialogue_items | ").append(benchmarkItems.getOrDefault("dialogue_items", 0L))
        .append(" | a held-out dialogue as a next-turn item: context messages, reference reply, per-turn labels |\n");
    md.append("\n## Sources and licences\n\n| source | dataset | licence | records |\n|---|---|---|---|\n");
    for (Row r : sources) {
      md.append("| ").append(r.getString(0)).append(" | ").append(r.getString(1)).append(" | ")
          .append(r.getLong(3) > 1 ? "several" : r.isNullAt(2) ? "not declared" : r.getString(2)).append(" | ")
          .append(r.getLong(4)).append(" |\n");
    }
    md.append("\n## Cultures (primary, top 30)\n\n| culture | records |\n|---|---|\n");
    for (Row r : cultures) {
      md.append("| ").append(r.getString(0)).append(" | ").append(r.getLong(1)).append(" |\n");
    }
    md.append("\n`und`: no culture with enough evidence; `mul`: several equally (for example a survey item asked in ")
        .append("many countries).\n\n## Languages\n\n").append(String.join(", ", languages)).append("\n");
    String croissant = Croissant.render("tessera-cultural-dataset", total + " records from " + sources.size()
        + " sources, with language, culture and topic tags (Tessera " + CodeVersion.get() + ")", licenses, languages);
    return new Rendered(md.toString(), croissant);
  }

  static String sizeCategory(long n) {
    String[] labels = {"n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M", "100M<n<1B"};
    long bound = 1000;
    for (String label : labels) {
      if (n < bound) {
        return label;
      }
      bound *= 10;
    }
    return "n>1B";
  }

  private static String yaml(Object value) {
    try {
      return new YAMLMapper().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
