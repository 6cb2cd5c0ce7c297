package io.tessera.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.udf;

import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.dedup.NearDuplicates;
import io.tessera.dedup.Shingles;
import io.tessera.dedup.TextNormalizer;
import io.tessera.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Near-duplicate benchmark: Tessera's {@link NearDuplicates} against Spark MLlib's {@code MinHashLSH} with
 * {@code approxSimilarityJoin}, on the same shingles (word 5-grams of normalised text) and threshold.
 * <ul>
 *   <li>{@code generate N DIR}: a labelled corpus of N documents, deterministic for a given N. Base text is the
 *       paragraphs of the Wikipedia fixture (real prose). Documents come in groups: an original made of four
 *       20-word windows from random paragraphs, and 0 to 3 variants with random word substitutions, deletions,
 *       insertions and swaps at a rate drawn per variant from [0, 6%], which spreads their Jaccard similarity to
 *       the original over about 0.5 to 1. Truth: every within-group pair with its exact Jaccard similarity.</li>
 *   <li>{@code run tessera|mllib DIR}: times the method from text to verified pairs (and, for Tessera, clusters),
 *       then scores its pairs: precision against exact Jaccard, recall against the within-group pairs at or above
 *       the threshold plus any cross-group pair the method found that truly is (exact Jaccard checked).</li>
 * </ul>
 * scripts/bench neardup runs both in separate JVMs per size, with /usr/bin/time for peak memory.
 */
public final class NearDupBench {
  static final double THRESHOLD = 0.8;
  /** Groups in a cycle of ten: seven originals alone, two with one variant, one with two... (14 documents). */
  private static final int[] GROUP_SIZES = {1, 1, 1, 1, 1, 1, 1, 2, 2, 3};
  private static final int CYCLE_DOCS = Arrays.stream(GROUP_SIZES).sum();
  private static final StructType DOC = new StructType()
      .add("key", DataTypes.LongType, false)
      .add("grp", DataTypes.LongType, false)
      .add("text", DataTypes.StringType, false);
  private static final StructType PAIR = new StructType()
      .add("src", DataTypes.LongType, false)
      .add("dst", DataTypes.LongType, false);
  /** Near-dedup's default shingles (word 5-grams for these texts of about 500 characters). */
  private static final Shingles SHINGLES = shingles(new io.tessera.config.TesseraConfig.DedupSettings());
  private static final UserDefinedFunction JACCARD = udf((UDF2<String, String, Double>) (a, b) ->
      similarity(TextNormalizer.normalize(a), TextNormalizer.normalize(b)), DataTypes.DoubleType);

  /** Exact Jaccard similarity as near-dedup compares: like with like, a text near the boundary also by its twin. */
  static double similarity(String a, String b) {
    long[][] as = {SHINGLES.of(a), SHINGLES.twin(a)};
    long[][] bs = {SHINGLES.of(b), SHINGLES.twin(b)};
    double best = Shingles.jaccard(as[0], bs[0]);
    for (long[] x : as) {
      for (long[] y : bs) {
        best = x != null && y != null ? Math.max(best, Shingles.jaccard(x, y)) : best;
      }
    }
    return best;
  }

  static Shingles shingles(io.tessera.config.TesseraConfig.DedupSettings d) {
    return Shingles.adaptive(d.wordNgram, d.segmentedNgram, d.charNgram, d.shortChars, d.maxChars);
  }

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().master(System.getProperty("bench.master", "local[2]"))
        .appName("neardup-bench").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", System.getProperty("bench.partitions", "8"))
        .config("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    switch (args[0]) {
      case "generate" -> generate(spark, Long.parseLong(args[1]), args[2]);
      case "run" -> run(spark, args[1], args[2]);
      default -> throw new IllegalArgumentException("generate N DIR | run tessera|mllib DIR");
    }
    spark.stop();
  }

  public static void generate(SparkSession spark, long n, String dir) throws Exception {
    List<String[]> paragraphs = baseParagraphs(spark);
    Broadcast<List<String[]>> base = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
        .broadcast(paragraphs);
    Dataset<Row> docs = spark.range(0, n, 1, Math.max(2, (int) (n / 50_000)))
        .mapPartitions((MapPartitionsFunction<Long, Row>) ids -> {
          List<String[]> pool = base.value();
          List<Row> out = new ArrayList<>();
          while (ids.hasNext()) {
            long id = ids.next();
            long[] groupAndVariant = groupOf(id);
            out.add(RowFactory.create(id, groupAndVariant[0], text(pool, groupAndVariant[0], (int) groupAndVariant[1])));
          }
          return out.iterator();
        }, Encoders.row(DOC));
    docs.write().mode("overwrite").parquet(dir + "/docs");
    Dataset<Row> written = spark.read().parquet(dir + "/docs");
    Dataset<Row> truth = written.groupBy("grp").agg(collect_list("key").as("keys"))
        .where("size(keys) > 1")
        .flatMap((FlatMapFunction<Row, Row>) g -> {
          List<Long> keys = new ArrayList<>(g.getList(1));
          keys.sort(null);
          List<Row> pairs = new ArrayList<>();
          for (int i = 0; i < keys.size(); i++) {
            for (int j = i + 1; j < keys.size(); j++) {
              pairs.add(RowFactory.create(keys.get(i), keys.get(j)));
            }
          }
          return pairs.iterator();
        }, Encoders.row(PAIR));
    withJaccard(truth, written).write().mode("overwrite").parquet(dir + "/truth");
    Dataset<Row> t = spark.read().parquet(dir + "/truth");
    System.out.printf("generated %d documents; %d within-group pairs, %d at Jaccard >= %.2f%n", written.count(),
        t.count(), t.where(col("jaccard").geq(THRESHOLD)).count(), THRESHOLD);
  }

  /** Document id → (group, variant): groups follow {@link #GROUP_SIZES} in cycles of {@link #CYCLE_DOCS}. */
  static long[] groupOf(long id) {
    long cycle = id / CYCLE_DOCS;
    int offset = (int) (id % CYCLE_DOCS);
    int group = 0;
    while (offset >= GROUP_SIZES[group]) {
      offset -= GROUP_SIZES[group];
      group++;
    }
    return new long[] {cycle * GROUP_SIZES.length + group, offset};
  }

  static String text(List<String[]> pool, long group, int variant) {
    SplittableRandom random = new SplittableRandom(group * 0x9E3779B97F4A7C15L + 17);
    List<String> words = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      String[] paragraph = pool.get(random.nextInt(pool.size()));
      int start = random.nextInt(Math.max(1, paragraph.length - 20));
      words.addAll(Arrays.asList(paragraph).subList(start, Math.min(paragraph.length, start + 20)));
    }
    if (variant > 0) {
      SplittableRandom edits = new SplittableRandom(group * 31 + variant);
      double rate = edits.nextDouble() * 0.06;
      List<String> edited = new ArrayList<>();
      for (int i = 0; i < words.size(); i++) {
        double r = edits.nextDouble();
        if (r < rate / 4) {
          String[] other = pool.get(edits.nextInt(pool.size()));
          edited.add(other[edits.nextInt(other.length)]);
        } else if (r < rate / 2) {
          continue;
        } else if (r < 3 * rate / 4) {
          edited.add(words.get(i));
          String[] other = pool.get(edits.nextInt(pool.size()));
          edited.add(other[edits.nextInt(other.length)]);
        } else if (r < rate && i + 1 < words.size()) {
          edited.add(words.get(i + 1));
          edited.add(words.get(i));
          i++;
        } else {
          edited.add(words.get(i));
        }
      }
      words = edited;
    }
    return String.join(" ", words);
  }

  /** Paragraphs of at least 30 words from the cleaned Wikipedia fixture articles. */
  public static List<String[]> baseParagraphs(SparkSession spark) {
    String out = System.getProperty("java.io.tmpdir") + "/neardup-base";
    TesseraConfig config = ConfigLoader.quick(
        List.of("wikipedia-xml=" + TestBase.fixtures().resolve("wikipedia/enwiki-pages-articles-excerpt.xml.bz2")),
        out, List.of("run.stages=[ingest]"));
    new Pipeline(spark, config).execute();
    List<String[]> paragraphs = new ArrayList<>();
    for (Row row : spark.read().parquet(Pipeline.paths(config).stageData("ingest")).select("text").orderBy("doc_id")
        .collectAsList()) {
      for (String paragraph : row.getString(0).split("\n\\s*\n")) {
        String[] words = paragraph.trim().split("\\s+");
        if (words.length >= 30) {
          paragraphs.add(words);
        }
      }
    }
    System.out.printf("base: %d paragraphs of the Wikipedia fixture%n", paragraphs.size());
    return paragraphs;
  }

  /**
   * Times one method on the corpus, after one untimed warm-up of the same method on its first 5,000 documents
   * (class loading, code generation and JIT, which a pipeline's earlier stages have paid for in a real run).
   */
  @SuppressWarnings("unchecked")
  static void run(SparkSession spark, String method, String dir) {
    Dataset<Row> docs = spark.read().parquet(dir + "/docs").select("key", "text");
    execute(spark, method, docs.where(col("key").lt(5000)));
    long started = System.nanoTime();
    Object[] outcome = execute(spark, method, docs);
    double seconds = (System.nanoTime() - started) / 1e9;
    Dataset<Row> found = (Dataset<Row>) outcome[0];
    String detail = (String) outcome[1];

    Score score = score(spark, found, dir);
    System.out.printf("RESULT method=%s docs=%d seconds=%.1f pairs=%d precision=%.4f recall=%.4f true_pairs=%d (%s)%n",
        method, score.docs(), seconds, score.pairs(), score.precision(), score.recall(), score.truePairs(), detail);
  }

  /** The method's verified pairs (materialised) and a description of its work. */
  private static Object[] execute(SparkSession spark, String method, Dataset<Row> docs) {
    if (method.equals("tessera")) {
      NearDuplicates.Result result = NearDuplicates.of(docs).execute();
      long clustered = result.components().count();
      return new Object[] {result.pairs().select("src", "dst"), result.stats() + ", records in clusters=" + clustered};
    }
    Dataset<Row> found = mllib(spark, docs).persist(StorageLevel.MEMORY_AND_DISK());
    return new Object[] {found, "pairs=" + found.count()};
  }

  /** Pair precision and recall of {@code found} (src, dst) on the labelled corpus in {@code dir}. */
  public record Score(long docs, long pairs, long truePairs, double precision, double recall) {}

  public static Score score(SparkSession spark, Dataset<Row> found, String dir) {
    Dataset<Row> all = spark.read().parquet(dir + "/docs");
    Dataset<Row> truth = spark.read().parquet(dir + "/truth").where(col("jaccard").geq(THRESHOLD)).select("src", "dst");
    Dataset<Row> scored = withJaccard(found, all).persist(StorageLevel.MEMORY_AND_DISK());
    long foundPairs = scored.count();
    long correct = scored.where(col("jaccard").geq(THRESHOLD)).count();
    long truePairs = truth.union(scored.where(col("jaccard").geq(THRESHOLD)).select("src", "dst")).distinct().count();
    scored.unpersist();
    return new Score(all.count(), foundPairs, truePairs, foundPairs == 0 ? 1.0 : (double) correct / foundPairs,
        truePairs == 0 ? 1.0 : (double) correct / truePairs);
  }

  /**
   * MLlib on the same shingles: each document's shingle hashes folded to indices below 2^30 (a sparse binary
   * vector), MinHashLSH with 5 hash tables (candidate probability 0.9997 at Jaccard 0.8), self-join at Jaccard
   * distance 1 - threshold.
   */
  static Dataset<Row> mllib(SparkSession spark, Dataset<Row> docs) {
    UserDefinedFunction toVector = udf((UDF1<String, Vector>) text -> {
      long[] shingles = SHINGLES.of(TextNormalizer.normalize(text));
      int[] indices = Arrays.stream(shingles).mapToInt(h -> (int) (h & ((1 << 30) - 1))).sorted().distinct().toArray();
      double[] ones = new double[indices.length];
      Arrays.fill(ones, 1.0);
      return Vectors.sparse(1 << 30, indices, ones);
    }, SQLDataTypes.VectorType());
    Dataset<Row> vectors = docs.select(col("key"), toVector.apply(col("text")).as("features"));
    MinHashLSHModel model = new MinHashLSH().setNumHashTables(5).setSeed(42).setInputCol("features")
        .setOutputCol("hashes").fit(vectors);
    return model.approxSimilarityJoin(vectors, vectors, 1 - THRESHOLD, "distance")
        .select(col("datasetA.key").as("a"), col("datasetB.key").as("b"))
        .where(col("a").lt(col("b")))
        .select(col("a").as("src"), col("b").as("dst"));
  }

  private static Dataset<Row> withJaccard(Dataset<Row> pairs, Dataset<Row> docs) {
    Dataset<Row> a = docs.select(col("key").as("a_key"), col("text").as("a_text"));
    Dataset<Row> b = docs.select(col("key").as("b_key"), col("text").as("b_text"));
    return pairs.join(a, col("src").equalTo(col("a_key"))).join(b, col("dst").equalTo(col("b_key")))
        .select(least(col("src"), col("dst")).as("src"), greatest(col("src"), col("dst")).as("dst"),
            JACCARD.apply(col("a_text"), col("b_text")).as("jaccard"));
  }
}
