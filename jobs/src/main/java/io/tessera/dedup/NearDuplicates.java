package io.tessera.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.tessera.config.TesseraConfig.DedupSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Near-duplicate clusters by MinHash LSH: shingle sets ({@link Shingles}), signatures and band keys
 * ({@link MinHash}), records sharing at least {@code minSharedBands} band keys become candidate pairs (buckets above
 * {@code maxBucket} records are linked as a star from their smallest key and counted), every candidate is verified
 * by its exact Jaccard
 * similarity, and the verified pairs are joined into clusters by {@link ConnectedComponents}. Distributed from end
 * to end: nothing but counts reaches the driver.
 *
 * <p>Input: a Dataset with {@code key} (long, unique per record) and {@code text}. Usage:
 * {@code NearDuplicates.of(docs).configure(settings).execute()}.
 */
public final class NearDuplicates {
  static final StructType SIGNED = new StructType()
      .add("key", DataTypes.LongType, false)
      .add("shingles", DataTypes.BinaryType, false)
      .add("bands", DataTypes.BinaryType, false)
      .add("bounded", DataTypes.BooleanType, false);
  static final StructType PAIR = new StructType()
      .add("src", DataTypes.LongType, false)
      .add("dst", DataTypes.LongType, false);
  static final StructType COMPONENT = new StructType()
      .add("key", DataTypes.LongType, false)
      .add("component", DataTypes.LongType, false);
  static final long EDGES_PER_PARTITION = 200_000;
  private static final UserDefinedFunction JACCARD =
      udf((UDF2<byte[], byte[], Double>) Shingles::jaccard, DataTypes.DoubleType);

  private final Dataset<Row> docs;
  private final DedupSettings settings = new DedupSettings();

  private NearDuplicates(Dataset<Row> docs) {
    this.docs = docs;
  }

  public static NearDuplicates of(Dataset<Row> docs) {
    return new NearDuplicates(docs);
  }

  /** Threshold, bands, rows, n-gram sizes, bounds and seed from the run config. */
  public NearDuplicates configure(DedupSettings from) {
    return threshold(from.threshold).bands(from.bands).rows(from.rows).minSharedBands(from.minSharedBands)
        .wordNgram(from.wordNgram)
        .charNgram(from.charNgram).maxChars(from.maxChars).maxBucket(from.maxBucket).seed(from.seed);
  }

  public NearDuplicates threshold(double threshold) {
    settings.threshold = threshold;
    return this;
  }

  public NearDuplicates bands(int bands) {
    settings.bands = bands;
    return this;
  }

  public NearDuplicates rows(int rows) {
    settings.rows = rows;
    return this;
  }

  public NearDuplicates minSharedBands(int minSharedBands) {
    settings.minSharedBands = minSharedBands;
    return this;
  }

  public NearDuplicates wordNgram(int n) {
    settings.wordNgram = n;
    return this;
  }

  public NearDuplicates charNgram(int n) {
    settings.charNgram = n;
    return this;
  }

  public NearDuplicates maxChars(int maxChars) {
    settings.maxChars = maxChars;
    return this;
  }

  public NearDuplicates maxBucket(int maxBucket) {
    settings.maxBucket = maxBucket;
    return this;
  }

  public NearDuplicates seed(long seed) {
    settings.seed = seed;
    return this;
  }

  /**
   * {@code components}: (key, component) for every record with a verified near-duplicate, component being the
   * smallest key of its cluster; {@code pairs}: the verified pairs (src < dst, jaccard); {@code stats}: counts.
   * Both are cached: {@link #release()} them once the components are written.
   */
  public record Result(Dataset<Row> components, Dataset<Row> pairs, Map<String, Object> stats, Runnable releaser) {
    public void release() {
      releaser.run();
    }
  }

  public Result execute() {
    Shingles shingler = new Shingles(settings.wordNgram, settings.charNgram, settings.maxChars);
    MinHash minHash = new MinHash(settings.bands, settings.rows, settings.seed);
    Dataset<Row> signed = docs.select(col("key"), col("text"))
        .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> sign(rows, shingler, minHash), Encoders.row(SIGNED))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Object> stats = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    long clock = System.nanoTime();
    Row signedCounts = signed.agg(count(lit(1)), sum(when(col("bounded"), 1L).otherwise(0L))).first();
    stats.put("records", signedCounts.getLong(0));
    stats.put("bounded_records", signedCounts.isNullAt(1) ? 0L : signedCounts.getLong(1));

    clock = lap(seconds, "sign", clock);
    // Buckets by sorting (band key, record key) pairs by band, not by collecting lists per band: most bands are
    // unshared. Pairs come straight out of each run of equal band keys and are counted per band they share. Both
    // exchanges move packed long[] blocks (Exchange): tens of millions of tiny records at scale. Bucket counts are
    // accumulators (a retried task adds twice).
    SparkSession spark = docs.sparkSession();
    LongAccumulator sharedBuckets = spark.sparkContext().longAccumulator("shared_buckets");
    LongAccumulator cappedBuckets = spark.sparkContext().longAccumulator("capped_buckets");
    int maxBucket = settings.maxBucket;
    int minShared = settings.minSharedBands;
    int n = spark.sessionState().conf().numShufflePartitions();
    JavaRDD<long[]> bandKeys = Exchange.deliver(signed.select(col("key"), col("bands")).javaRDD().mapPartitions(rows -> {
      Exchange.Outbox out = new Exchange.Outbox(n);
      while (rows.hasNext()) {
        Row row = rows.next();
        for (long band : Shingles.unpack((byte[]) row.get(1))) {
          out.send(band, row.getLong(0));
        }
      }
      return out.blocks();
    }), n);
    JavaRDD<long[]> bucketPairs = Exchange.deliver(bandKeys.mapPartitions(blocks ->
        bucketPairs(Exchange.sortByKey(Exchange.gather(blocks)), maxBucket, n, sharedBuckets, cappedBuckets)), n);
    Dataset<Row> candidates = spark.createDataFrame(bucketPairs.mapPartitions(blocks ->
            sharedAtLeast(Exchange.gather(blocks), minShared)), PAIR)
        .persist(StorageLevel.MEMORY_AND_DISK());
    stats.put("candidate_pairs", candidates.count());
    stats.put("shared_buckets", sharedBuckets.value());
    stats.put("capped_buckets", cappedBuckets.value());
    clock = lap(seconds, "candidates", clock);

    Dataset<Row> left = signed.select(col("key").as("a_key"), col("shingles").as("a_shingles"));
    Dataset<Row> right = signed.select(col("key").as("b_key"), col("shingles").as("b_shingles"));
    Dataset<Row> verified = candidates
        .join(left, col("src").equalTo(col("a_key")))
        .join(right, col("dst").equalTo(col("b_key")))
        .select(col("src"), col("dst"), JACCARD.apply(col("a_shingles"), col("b_shingles")).as("jaccard"))
        .where(col("jaccard").geq(settings.threshold))
        .persist(StorageLevel.MEMORY_AND_DISK());
    long verifiedPairs = verified.count();
    stats.put("verified_pairs", verifiedPairs);
    candidates.unpersist();
    signed.unpersist();
    clock = lap(seconds, "verify", clock);
    stats.put("seconds", seconds);
    if (verifiedPairs == 0) {
      stats.put("component_rounds", 0);
      return new Result(docs.sparkSession().createDataFrame(List.of(), COMPONENT), verified, stats,
          verified::unpersist);
    }
    ConnectedComponents.Result components = ConnectedComponents.of(verified)
        .partitions(graphPartitions(verifiedPairs)).execute();
    stats.put("component_rounds", components.rounds());
    lap(seconds, "components", clock);
    return new Result(components.labels().select(col("node").as("key"), col("component")), verified, stats, () -> {
      components.release();
      verified.unpersist();
    });
  }

  /**
   * Partitions for the connected components: one per {@link #EDGES_PER_PARTITION} verified pairs, at least one per
   * core and at most {@code spark.sql.shuffle.partitions}. Near-duplicate graphs are small next to the corpus, and
   * every partition costs each of a round's stages a task.
   */
  private int graphPartitions(long edges) {
    int cores = docs.sparkSession().sparkContext().defaultParallelism();
    int most = Math.max(cores, docs.sparkSession().sessionState().conf().numShufflePartitions());
    return (int) Math.max(cores, Math.min(most, (edges + EDGES_PER_PARTITION - 1) / EDGES_PER_PARTITION));
  }

  private static long lap(Map<String, Double> seconds, String phase, long since) {
    long now = System.nanoTime();
    seconds.put(phase, Math.round((now - since) / 1e8) / 10.0);
    return now;
  }

  private static Iterator<Row> sign(Iterator<Row> rows, Shingles shingler, MinHash minHash) {
    return new Iterator<>() {
      private Row next = advance();

      private Row advance() {
        while (rows.hasNext()) {
          Row row = rows.next();
          String normalised = TextNormalizer.normalize(row.getString(1));
          long[] shingles = shingler.of(normalised);
          if (shingles.length > 0) {
            long[] bands = minHash.bandKeys(minHash.signature(shingles));
            return RowFactory.create(row.getLong(0), Shingles.pack(shingles), Shingles.pack(bands),
                shingler.bounds(normalised));
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Row next() {
        Row current = next;
        next = advance();
        return current;
      }
    };
  }

  /**
   * Pairs (smaller key first, sent to the smaller key's partition) from runs of equal band keys in band-sorted
   * packed (band, key) pairs: every pair of a run, or a star from its smallest key when the run is longer than the
   * cap.
   */
  private static Iterator<Tuple2<Integer, long[]>> bucketPairs(long[] sorted, int maxBucket, int partitions,
      LongAccumulator shared, LongAccumulator capped) {
    Exchange.Outbox out = new Exchange.Outbox(partitions);
    long[] run = new long[8];
    for (int start = 0; start < sorted.length; ) {
      int end = start + 2;
      while (end < sorted.length && sorted[end] == sorted[start]) {
        end += 2;
      }
      int size = (end - start) / 2;
      if (size > 1) {
        if (size > run.length) {
          run = new long[Math.max(size, run.length * 2)];
        }
        for (int i = 0; i < size; i++) {
          run[i] = sorted[start + 2 * i + 1];
        }
        Arrays.sort(run, 0, size);
        shared.add(1);
        if (size > maxBucket) {
          capped.add(1);
        }
        for (int i = 0; i < (size > maxBucket ? 1 : size - 1); i++) {
          for (int j = i + 1; j < size; j++) {
            out.send(run[i], run[j]);
          }
        }
      }
      start = end;
    }
    return out.blocks();
  }

  /** The distinct (src, dst) of packed pairs that occur at least {@code minShared} times (once per shared band). */
  private static Iterator<Row> sharedAtLeast(long[] pairs, int minShared) {
    for (int i = 0; i < pairs.length; i += 2) { // sort by dst, then (stably) by src
      long src = pairs[i];
      pairs[i] = pairs[i + 1];
      pairs[i + 1] = src;
    }
    long[] byDst = Exchange.sortByKey(pairs);
    for (int i = 0; i < byDst.length; i += 2) {
      long dst = byDst[i];
      byDst[i] = byDst[i + 1];
      byDst[i + 1] = dst;
    }
    long[] sorted = Exchange.sortByKey(byDst);
    List<Row> candidates = new ArrayList<>();
    for (int start = 0; start < sorted.length; ) {
      int end = start + 2;
      while (end < sorted.length && sorted[end] == sorted[start] && sorted[end + 1] == sorted[start + 1]) {
        end += 2;
      }
      if ((end - start) / 2 >= minShared) {
        candidates.add(RowFactory.create(sorted[start], sorted[start + 1]));
      }
      start = end;
    }
    return candidates.iterator();
  }
}
