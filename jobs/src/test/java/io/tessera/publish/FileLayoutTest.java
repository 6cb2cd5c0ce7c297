package io.tessera.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.TestBase;
import io.tessera.config.TesseraConfig.PublishSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published files' layout: bounded folders, right-sized files, sorted rows, the same files on any input. */
class FileLayoutTest extends TestBase {
  @TempDir
  Path dir;

  private static final StructType RECORDS = new StructType()
      .add("doc_id", DataTypes.StringType)
      .add("split", DataTypes.StringType)
      .add("culture", DataTypes.StringType)
      .add("language", DataTypes.StringType)
      .add("text", DataTypes.StringType);

  /**
   * 6,000 train records over 300 subnational cultures of the US (the case that made 372 folders), 40 of Thailand,
   * 20 without a culture, a few test records of several countries: texts of 200 to 600 characters.
   */
  private static List<Row> records() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      String culture = i % 7 == 0 ? "US" : "US-" + (char) ('A' + i % 20) + (char) ('A' + i % 15);
      String language = i % 3 == 0 ? "es" : "en";
      rows.add(RowFactory.create(String.format("%032x", i * 2654435761L), "train", culture, language,
          "x".repeat(200 + (i * 37) % 400)));
    }
    for (int i = 0; i < 40; i++) {
      rows.add(RowFactory.create("th" + i, "train", i % 2 == 0 ? "TH" : "TH-10", "th", "y".repeat(300)));
    }
    for (int i = 0; i < 20; i++) {
      rows.add(RowFactory.create("u" + i, i % 2 == 0 ? "train" : "test", null, "und", "z".repeat(100)));
    }
    for (String culture : List.of("GB-BIR", "AF-BAL", "mul", "FR")) {
      rows.add(RowFactory.create("t-" + culture, "test", culture, "en", "w".repeat(250)));
    }
    return rows;
  }

  private Dataset<Row> input(int partitions) {
    return spark.createDataFrame(records(), RECORDS).repartition(partitions)
        .withColumn("country", org.apache.spark.sql.functions.expr(FileLayout.COUNTRY));
  }

  /**
   * Writes as publish does; returns each written file (relative path → its rows' sort keys in order, fields joined
   * by chr(1), which sorts before every character of a code).
   */
  private Map<String, List<String>> write(Dataset<Row> records, long estimatedBytes, long targetBytes, String name)
      throws IOException {
    Path out = dir.resolve(name);
    FileLayout.Plan plan = FileLayout.plan(records, estimatedBytes, targetBytes);
    FileLayout.partitioned(plan, "_p_").write()
        .partitionBy(FileLayout.FOLDERS.stream().map(f -> "_p_" + f).toArray(String[]::new))
        .parquet(out.toString());
    plan.release();
    Map<String, List<String>> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(out)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        List<String> keys = spark.read().parquet(file.toString())
            .selectExpr("concat_ws(chr(1), coalesce(culture, ''), language, doc_id)").collectAsList().stream()
            .map(r -> r.getString(0)).toList();
        files.put(out.relativize(file).toString(), keys);
      }
    }
    assertEquals(plan.files(), files.size(), "one file per planned file: " + files.keySet());
    return files;
  }

  @Test
  void foldersAreSplitAndCountryFilesFollowBytesAndRowsAreSorted() throws IOException {
    Dataset<Row> records = input(3);
    long textBytes = records.selectExpr("sum(length(text))").first().getLong(0);
    long target = textBytes / 5; // the US train folder needs about 5 files, every other folder one
    Map<String, List<String>> files = write(records, textBytes, target, "a");

    Set<String> folders = files.keySet().stream().map(f -> f.substring(0, f.lastIndexOf('/')))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(List.of("_p_split=train/_p_country=US", "_p_split=train/_p_country=TH",
        "_p_split=train/_p_country=und", "_p_split=test/_p_country=und", "_p_split=test/_p_country=GB",
        "_p_split=test/_p_country=AF", "_p_split=test/_p_country=mul", "_p_split=test/_p_country=FR")), folders);
    Map<String, Long> perFolder = files.keySet().stream()
        .collect(Collectors.groupingBy(f -> f.substring(0, f.lastIndexOf('/')), Collectors.counting()));
    assertEquals(5, perFolder.get("_p_split=train/_p_country=US"));
    assertEquals(1, perFolder.get("_p_split=train/_p_country=TH"));
    assertEquals(folders.size() - 1 + 5, files.size(), "one file for each small folder");

    int usRows = 0;
    for (Map.Entry<String, List<String>> file : files.entrySet()) {
      List<String> keys = file.getValue();
      assertEquals(keys.stream().sorted().toList(), keys, "sorted by culture, language, doc_id: " + file.getKey());
      if (file.getKey().contains("country=US")) {
        usRows += keys.size();
        assertTrue(keys.size() > 6000 / 5 / 2 && keys.size() < 6000 / 5 * 2, file.getKey() + ": " + keys.size());
      }
    }
    assertEquals(6000, usRows);
    // The US folder's files hold consecutive (culture, language) ranges: each group is in at most two files.
    Map<String, Long> filesPerGroup = files.entrySet().stream().filter(f -> f.getKey().contains("country=US"))
        .flatMap(f -> f.getValue().stream().map(k -> k.substring(0, k.lastIndexOf('\u0001'))).distinct())
        .collect(Collectors.groupingBy(g -> g, Collectors.counting()));
    assertTrue(filesPerGroup.values().stream().allMatch(n -> n <= 2), filesPerGroup.toString());
  }

  @Test
  void theSameRowsGoToTheSameFilesWhateverTheInputPartitioning() throws IOException {
    Dataset<Row> one = input(1);
    long bytes = one.selectExpr("sum(length(text))").first().getLong(0);
    Set<List<String>> a = new TreeSet<>(Comparator.comparing(Object::toString));
    a.addAll(write(one, bytes, bytes / 4, "one").values());
    Set<List<String>> b = new TreeSet<>(Comparator.comparing(Object::toString));
    b.addAll(write(input(7), bytes, bytes / 4, "seven").values());
    assertEquals(a, b);
  }

  @Test
  void aFolderGetsTheNearestWholeNumberOfTargetFilesAtLeastOne() {
    assertEquals(1, FileLayout.filesFor(10, 1000));
    assertEquals(1, FileLayout.filesFor(1400, 1000));
    assertEquals(2, FileLayout.filesFor(1600, 1000));
    assertEquals(40, FileLayout.filesFor(40_000, 1000));
  }

  @Test
  void targetFileSizeIsValidated() {
    PublishSettings settings = new PublishSettings();
    assertEquals(PublishSettings.TARGET_FILE_MB_DEFAULT, settings.targetFileMb);
    List<String> problems = new ArrayList<>();
    settings.validate(problems);
    assertTrue(problems.isEmpty(), problems.toString());
    for (int bad : new int[] {0, -5, PublishSettings.TARGET_FILE_MB_MAX + 1}) {
      settings.targetFileMb = bad;
      settings.validate(problems);
      assertFalse(problems.isEmpty(), "rejects " + bad);
      assertTrue(problems.get(0).contains("publish.target_file_mb"), problems.toString());
      problems.clear();
    }
  }
}
