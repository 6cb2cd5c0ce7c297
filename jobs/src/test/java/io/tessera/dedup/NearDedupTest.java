package io.tessera.dedup;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.bench.NearDupBench;
import io.tessera.bench.NearDupCalibration;
import io.tessera.config.TesseraConfig.DedupSettings;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearDedupTest extends TestBase {
  private static final String ORIGINAL = "Every Eid my grandmother in Mombasa wakes before dawn to cook pilau with "
      + "cardamom, cloves and cinnamon, and by noon the whole street has come through our door to eat, pray and "
      + "argue about football while the children collect coins from the elders and run to the shop for sweets and "
      + "cold sodas before the afternoon rain arrives over the old town";

  @TempDir
  Path dir;

  @Test
  void wordShinglesForSpacedScriptsAndCharacterShinglesForTheOthers() {
    Shingles shingles = new Shingles(5, 3, 1000);
    assertEquals(1, shingles.of("too short").length, "fewer words than n: one shingle");
    assertEquals(3, shingles.of("one two three four five six seven").length);
    assertTrue(Shingles.spaceless("北京烤鸭是中国的传统美食"));
    assertTrue(Shingles.spaceless("สวัสดีครับ ผมชื่อสมชาย"));
    assertTrue(Shingles.spaceless("東京の夏はとても暑いです"));
    assertTrue(!Shingles.spaceless("Ninatoka Mombasa na ninapenda pilau"));
    assertEquals(10, shingles.of("北京烤鸭是中国的传统美食").length, "12 characters, 3-grams");
    assertTrue(new Shingles(5, 5, 20).bounds("x".repeat(21)));
  }

  @Test
  void jaccardOfSortedSets() {
    assertEquals(0.4, Shingles.jaccard(new long[] {1, 2, 3}, new long[] {2, 3, 4, 1 << 20}), 1e-9);
    assertEquals(1.0, Shingles.jaccard(new long[] {-5, 7}, new long[] {-5, 7}));
    assertEquals(0.0, Shingles.jaccard(new long[] {1}, new long[] {2}));
    long[] packed = {99, -5, 7, 8, 99};
    assertEquals(2.0 / 3, Shingles.jaccard(packed, 1, 3, new long[] {0, -5, 7}, 1, 2), 1e-9, "sets inside arrays");
  }

  @Test
  void minHashAgreementEstimatesJaccard() {
    MinHash minHash = new MinHash(40, 5, 7);
    long[] a = new long[400];
    long[] b = new long[400];
    for (int i = 0; i < 400; i++) {
      a[i] = Shingles.mix(i);
      b[i] = Shingles.mix(i + 100);
    }
    java.util.Arrays.sort(a);
    java.util.Arrays.sort(b);
    long[] sa = minHash.signature(a);
    long[] sb = minHash.signature(b);
    int equal = 0;
    for (int i = 0; i < sa.length; i++) {
      equal += sa[i] == sb[i] ? 1 : 0;
    }
    assertEquals(300.0 / 500, (double) equal / sa.length, 0.1, "200 hashes estimate J = 0.6");
    assertArrayEquals(minHash.bandKeys(sa), new MinHash(40, 5, 7).bandKeys(minHash.signature(a)));
    assertTrue(MinHash.candidateProbability(0.8, 20, 5, 1) > 0.999);
    assertEquals(0.9961, MinHash.candidateProbability(0.8, 20, 5, 2), 0.0005, "two of 20 bands at J = 0.8");
    assertEquals(0.128, MinHash.candidateProbability(0.5, 20, 5, 2), 0.001, "and at J = 0.5 (0.47 with one)");
  }

  @Test
  void connectedComponentsAreTheSmallestKeyWhateverThePartitioning() {
    List<Row> edges = new ArrayList<>();
    for (long i = 100; i > 1; i--) {
      edges.add(RowFactory.create(i, i - 1)); // a chain 1..100, listed backwards
    }
    edges.add(RowFactory.create(500L, 400L));
    edges.add(RowFactory.create(400L, 300L));
    edges.add(RowFactory.create(300L, 500L)); // a triangle
    edges.add(RowFactory.create(-7L, 900L));
    StructType schema = new StructType().add("src", DataTypes.LongType).add("dst", DataTypes.LongType);
    Map<Long, Long> expected = null;
    for (int partitions : new int[] {1, 2, 7}) {
      Dataset<Row> graph = spark.createDataFrame(edges, schema).repartition(partitions);
      ConnectedComponents.Result result = ConnectedComponents.of(graph).execute();
      Map<Long, Long> labels = result.labels().collectAsList().stream()
          .collect(Collectors.toMap(r -> r.getLong(0), r -> r.getLong(1), (x, y) -> x, TreeMap::new));
      assertEquals(100 + 3 + 2, labels.size());
      assertEquals(1L, labels.get(100L));
      assertEquals(300L, labels.get(500L));
      assertEquals(-7L, labels.get(900L));
      assertTrue(result.rounds() < 12, "pointer jumping: " + result.rounds() + " rounds for a chain of 100");
      if (expected != null) {
        assertEquals(expected, labels);
      }
      expected = labels;
    }
  }

  @Test
  void aRepostAndItsOriginalAreOneClusterAcrossSourcesAndKinds() throws Exception {
    Path reddit = dir.resolve("reddit");
    Files.createDirectories(reddit);
    Files.writeString(reddit.resolve("RC_2024-01.ndjson"), String.join("\n",
        comment("orig1", 1700000000, ORIGINAL),
        comment("repost", 1700900000, "Reposting because it deserves it: " + ORIGINAL),
        comment("other", 1700000500, "Completely different: in Nairobi we queue for matatus in the rain and laugh "
            + "about it because the driver always plays the same three songs all the way to town and back again")) + "\n");
    Path posts = dir.resolve("posts.jsonl");
    Files.writeString(posts, "{\"id\":\"p1\",\"text\":\"" + ORIGINAL.replace("pilau", "pilaf") + "!!\","
        + "\"created_at\":\"2024-02-01T00:00:00Z\"}\n");
    Map<String, Row> byId = null;
    for (String partitions : new String[] {"1", "2", "7"}) {
      spark.conf().set("spark.sql.shuffle.partitions", partitions);
      TesseraConfig config = ConfigLoader.quick(List.of("reddit=" + reddit, "jsonl=" + posts),
          dir.resolve("out-" + partitions).toString(),
          List.of("run.stages=[ingest, langid, tag, dedup]", "langid.languages=[en, sw]"));
      new Pipeline(spark, config).execute();
      Dataset<Row> docs = spark.read().parquet(Pipeline.paths(config).stageData("dedup"));
      Map<String, Row> dedup = docs.select(col("source.source_record_id"), col("dedup")).collectAsList().stream()
          .collect(Collectors.toMap(r -> r.getString(0), r -> r.getStruct(1), (x, y) -> x, TreeMap::new));
      Row original = dedup.get("t1_orig1");
      assertEquals(3L, original.<Long>getAs("cluster_size"), dedup.toString());
      assertEquals(original.<String>getAs("cluster_id"), dedup.get("t1_repost").getAs("cluster_id"));
      assertEquals(original.<String>getAs("cluster_id"), dedup.get("p1").getAs("cluster_id"));
      assertTrue(original.<Boolean>getAs("is_representative"), "the earliest is kept");
      assertEquals(false, dedup.get("t1_repost").getAs("is_representative"));
      assertEquals(1L, dedup.get("t1_other").<Long>getAs("cluster_size"));
      if (byId != null) {
        assertEquals(byId, dedup, "same clusters with " + partitions + " shuffle partitions");
      }
      byId = dedup;
    }
    spark.conf().set("spark.sql.shuffle.partitions", "4");
  }

  @Test
  void aDialogueIsComparedOnAllItsTurns() throws Exception {
    String turns = "\"Amara: At home in Lagos we greet every elder by kneeling or bowing before we say anything "
        + "else at all.\",\"Jack: In Leeds a quick hello and a nod is enough, even to my grandparents, and nobody "
        + "minds.\",\"Amara: Skipping the greeting would be read as pride, and my aunties would talk about it for "
        + "weeks afterwards.\"";
    Path dialogues = dir.resolve("culturepark.jsonl");
    Files.writeString(dialogues, "{\"culture\":\"Nigerian\",\"background\":\"greetings\",\"content\":[" + turns
        + "]}\n{\"culture\":\"Nigerian\",\"background\":\"greetings again\",\"content\":["
        + turns.replace("for weeks afterwards", "for weeks and weeks afterwards") + "]}\n");
    TesseraConfig config = ConfigLoader.quick(List.of("culturepark=" + dialogues), dir.resolve("out").toString(),
        List.of("run.stages=[ingest, langid, tag, dedup]", "langid.languages=[en, yo]"));
    new Pipeline(spark, config).execute();
    Dataset<Row> docs = spark.read().parquet(Pipeline.paths(config).stageData("dedup"));
    assertEquals(2, docs.count());
    assertEquals(1, docs.select("dedup.cluster_id").distinct().count());
    assertEquals(1, docs.where(col("dedup.is_representative")).count());
  }

  @Test
  void surveyItemsAreDuplicatesOnlyOfTheSameQuestion() throws Exception {
    String template = "Please indicate how important '%s' is in your life, with '1' being 'Very important' and '4' "
        + "being 'Not important'. Provide a number only.";
    Path items = dir.resolve("items.jsonl");
    Files.writeString(items, String.join("\n",
        item("Q1", String.format(template, "Family")), item("Q1", String.format(template, "Family")),
        item("Q2", String.format(template, "Friends")), item("Q3", String.format(template, "Friends")),
        item("Q4", String.format(template, "Religion"))) + "\n");
    TesseraConfig config = ConfigLoader.quick(List.of("wvs-questions=" + items), dir.resolve("out").toString(),
        List.of("run.stages=[ingest, langid, tag, dedup]", "langid.languages=[en, de]"));
    new Pipeline(spark, config).execute();
    Map<String, Long> sizes = new TreeMap<>();
    spark.read().parquet(Pipeline.paths(config).stageData("dedup"))
        .select(col("survey.question_id"), col("dedup.cluster_size"), col("survey.battery")).collectAsList()
        .forEach(r -> {
          sizes.merge(r.getString(0), r.getLong(1), Math::max);
          assertEquals("Please indicate how important '…' is in your life, with '…' being '…' and '…' being '…'. "
              + "Provide a number only.", r.getString(2), "the battery: the question with its quoted spans out");
        });
    assertEquals(Map.of("Q1", 2L, "Q2", 1L, "Q3", 1L, "Q4", 1L), sizes,
        "an exact repeat of a question is a duplicate; another question is not, even with the same text");
  }

  @Test
  void aPairAcrossTheShortLongBoundaryIsOnePairOnAnyPartitioning() {
    // Texts of 380 to 420 characters have a twin set; an original just above the boundary (word 5-grams) and its
    // near copies just below it (character 3-grams) are compared like with like, and each pair comes out once.
    List<String[]> paragraphs = NearDupBench.baseParagraphs(spark);
    List<Row> docs = new ArrayList<>();
    long key = 0;
    for (String[] words : paragraphs) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < words.length && text.length() < 405; w++) {
        text.append(w == 0 ? "" : " ").append(words[w]);
      }
      if (text.length() < 405 || text.length() > 418 || docs.size() >= 300) {
        continue;
      }
      String original = text.toString();
      String copy = original.substring(0, original.lastIndexOf(' ', 396)); // under 400: the other shingling
      docs.add(RowFactory.create(key++, original));
      docs.add(RowFactory.create(key++, copy));
      docs.add(RowFactory.create(key++, copy + "."));
    }
    assertTrue(docs.size() >= 150, docs.size() + " texts near the boundary");
    StructType schema = new StructType().add("key", DataTypes.LongType).add("text", DataTypes.StringType);
    List<Row> expected = null;
    for (int partitions : new int[] {1, 3, 8}) {
      NearDuplicates.Result result = NearDuplicates.of(spark.createDataFrame(docs, schema).repartition(partitions))
          .execute();
      List<Row> pairs = result.pairs().orderBy("src", "dst").collectAsList();
      assertEquals(pairs.size(), result.pairs().select("src", "dst").distinct().count(), "each pair once");
      assertEquals((long) pairs.size(), result.stats().get("verified_pairs"));
      assertTrue((long) result.stats().get("twin_records") >= docs.size() / 3, result.stats().toString());
      // Every original finds both its copies, and the two copies each other.
      java.util.Set<List<Long>> found = pairs.stream().map(r -> List.of(r.getLong(0), r.getLong(1)))
          .collect(Collectors.toSet());
      for (long first = 0; first < docs.size(); first += 3) {
        for (List<Long> pair : List.of(List.of(first, first + 1), List.of(first, first + 2),
            List.of(first + 1, first + 2))) {
          assertTrue(found.contains(pair), "missed " + pair + " on " + partitions + " partitions");
        }
      }
      if (expected != null) {
        assertEquals(expected, pairs, "the same pairs and similarities on " + partitions + " partitions");
      }
      expected = pairs;
      result.release();
    }
  }

  @Test
  void componentsOfSharedShinglesAreThoseOfEveryPairThatSharesOne() {
    // Nodes with several texts; a node whose texts share no 3-word shingle with another's stays out.
    List<Row> texts = List.of(
        RowFactory.create(10L, "alpha beta gamma delta"), RowFactory.create(10L, "one two three"),
        RowFactory.create(20L, "beta gamma delta epsilon"), RowFactory.create(30L, "x y z one two three four"),
        RowFactory.create(40L, "nothing shared at all here"), RowFactory.create(-5L, "epsilon zeta eta theta"),
        RowFactory.create(50L, "delta epsilon zeta eta"), RowFactory.create(60L, "lambda mu nu"),
        RowFactory.create(70L, "lambda mu nu xi"), RowFactory.create(80L, "lambda mu nu"));
    StructType schema = new StructType().add("node", DataTypes.LongType).add("text", DataTypes.StringType);
    Map<Long, Long> expected = Map.of(10L, 10L, 20L, 10L, 30L, 10L, -5L, -5L, 50L, -5L, 60L, 60L, 70L, 60L,
        80L, 60L);
    for (int partitions : new int[] {1, 2, 5}) {
      ConnectedComponents.Result result = ConnectedComponents.ofSharedShingles(
          spark.createDataFrame(texts, schema).repartition(partitions), new Shingles(3, 3, 1000)).execute();
      Map<Long, Long> labels = result.labels().collectAsList().stream()
          .collect(Collectors.toMap(r -> r.getLong(0), r -> r.getLong(1), (x, y) -> x, TreeMap::new));
      assertEquals(new TreeMap<>(expected), labels, partitions + " partitions");
      result.release();
    }
  }

  @Test
  void heldOutNearCopiesOfShortAndLongTextsInThreeScriptsAreFound() throws Exception {
    // Real fixture texts (Wikipedia paragraphs and their openings, NormDial turns and dialogues, the Wikipedia
    // fragments in nine languages) with planted ~1 % near copies; survey batteries as hard negatives.
    List<NearDupCalibration.Text> texts = NearDupCalibration.build(spark);
    Map<String, NearDupCalibration.Score> scores = NearDupCalibration.score(spark, texts, new DedupSettings());
    for (String bucket : List.of("latin/short", "latin/long", "han/short", "han/long", "all")) {
      NearDupCalibration.Score score = scores.get(bucket);
      assertTrue(score.planted() >= 100 && score.precision() >= 0.98 && score.recall() >= 0.97, bucket + " " + score);
    }
    // Cyrillic (the Russian Wikipedia fragment) has a handful of pairs: at most one missed or false in each bucket.
    for (String bucket : List.of("cyrillic/short", "cyrillic/long")) {
      NearDupCalibration.Score score = scores.get(bucket);
      assertTrue(score.planted() > 0 && score.truePositives() >= score.planted() - 1
          && score.found() <= score.truePositives() + 1, bucket + " " + score);
    }
  }

  private static String item(String id, String question) {
    return "{\"instrument\": \"MV\", \"question_id\": \"" + id + "\", \"language\": \"en\", \"question\": \""
        + question + "\", \"options\": [\"1\", \"2\", \"3\", \"4\"]}";
  }

  @Test
  void precisionAndRecallOnTheLabelledBenchmark() throws Exception {
    String corpus = dir.resolve("labelled").toString();
    NearDupBench.generate(spark, 4000, corpus);
    Dataset<Row> docs = spark.read().parquet(corpus + "/docs");
    List<String> first = docs.orderBy("key").limit(50).select("text").as(Encoders.STRING()).collectAsList();
    NearDupBench.generate(spark, 4000, dir.resolve("again").toString());
    assertEquals(first, spark.read().parquet(dir.resolve("again") + "/docs").orderBy("key").limit(50).select("text")
        .as(Encoders.STRING()).collectAsList(), "the generator is deterministic");

    NearDuplicates.Result result = NearDuplicates.of(docs.select("key", "text")).execute();
    NearDupBench.Score score = NearDupBench.score(spark, result.pairs().select("src", "dst"), corpus);
    assertTrue(score.truePairs() > 300, "enough near-duplicate pairs to measure: " + score);
    assertTrue(score.precision() >= 0.99, score.toString());
    assertTrue(score.recall() >= 0.99, score.toString());

    // Pairs sharing only one band are mostly below the threshold: requiring two prunes candidates, not recall.
    NearDuplicates.Result anyBand = NearDuplicates.of(docs.select("key", "text")).minSharedBands(1).execute();
    long pruned = (long) result.stats().get("candidate_pairs");
    long all = (long) anyBand.stats().get("candidate_pairs");
    assertTrue(pruned < 0.8 * all, pruned + " candidates sharing two bands, " + all + " sharing one");
    NearDupBench.Score anyBandScore = NearDupBench.score(spark, anyBand.pairs().select("src", "dst"), corpus);
    assertTrue(anyBandScore.recall() >= score.recall(), anyBandScore + " vs " + score);
    assertEquals(1.0, anyBandScore.precision());
    result.release();
    anyBand.release();
  }

  private static String comment(String id, long created, String body) {
    return "{\"id\":\"" + id + "\",\"name\":\"t1_" + id + "\",\"subreddit\":\"Kenya\",\"created_utc\":" + created
        + ",\"body\":\"" + body + "\"}";
  }
}
