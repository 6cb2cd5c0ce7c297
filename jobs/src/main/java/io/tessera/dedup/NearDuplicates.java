package io.tessera.dedup;

import static org.apache.spark.sql.functions.col;

import io.tessera.config.TesseraConfig.DedupSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Near-duplicate clusters by MinHash LSH: shingle sets ({@link Shingles}), signatures and band keys
 * ({@link MinHash}), records sharing at least {@code minSharedBands} band keys become candidate pairs (buckets above
 * {@code maxBucket} records are linked as a star from their smallest key and counted), every candidate is verified
 * by its exact Jaccard similarity, and the verified pairs are joined into clusters by {@link ConnectedComponents}.
 * Distributed from end to end: nothing but counts reaches the driver. After reading the text, everything moves as
 * packed primitive arrays ({@link Exchange}).
 *
 * <p>Input: a Dataset with {@code key} (long, unique per record) and {@code text}. Usage:
 * {@code NearDuplicates.of(docs).configure(settings).execute()}.
 */
public final class NearDuplicates {
  static final StructType VERIFIED = new StructType()
      .add("src", DataTypes.LongType, false)
      .add("dst", DataTypes.LongType, false)
      .add("jaccard", DataTypes.DoubleType, false);
  static final StructType COMPONENT = new StructType()
      .add("key", DataTypes.LongType, false)
      .add("component", DataTypes.LongType, false);
  static final long EDGES_PER_PARTITION = 200_000;
  /** The tag of the one block per signing task that carries its counts (records, bounded records). */
  private static final int COUNTS_TAG = -1;

  private final Dataset<Row> docs;
  private final DedupSettings settings = new DedupSettings();

  private NearDuplicates(Dataset<Row> docs) {
    this.docs = docs;
  }

  public static NearDuplicates of(Dataset<Row> docs) {
    return new NearDuplicates(docs);
  }

  /** Threshold, bands, rows, shared bands, n-gram sizes, bounds and seed from the run config. */
  public NearDuplicates configure(DedupSettings from) {
    return threshold(from.threshold).bands(from.bands).rows(from.rows).minSharedBands(from.minSharedBands)
        .wordNgram(from.wordNgram).segmentedNgram(from.segmentedNgram).charNgram(from.charNgram)
        .shortChars(from.shortChars).maxChars(from.maxChars).maxBucket(from.maxBucket).seed(from.seed);
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

  public NearDuplicates segmentedNgram(int n) {
    settings.segmentedNgram = n;
    return this;
  }

  public NearDuplicates shortChars(int shortChars) {
    settings.shortChars = shortChars;
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
    SparkSession spark = docs.sparkSession();
    int n = spark.sessionState().conf().numShufflePartitions();
    Shingles shingler = Shingles.adaptive(settings.wordNgram, settings.segmentedNgram, settings.charNgram,
        settings.shortChars, settings.maxChars);
    MinHash minHash = new MinHash(settings.bands, settings.rows, settings.seed);
    Map<String, Object> stats = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    long clock = System.nanoTime();

    // Sign: one pass over the text; each record's band keys go towards their bands' partitions and its shingle set
    // towards its own, in packed blocks (Exchange): block tags below n are band blocks, from n shingle-set blocks.
    JavaRDD<Tuple2<Integer, long[]>> signed = docs.select(col("key"), col("text")).javaRDD()
        .mapPartitions(rows -> sign(rows, shingler, minHash, n))
        .persist(StorageLevel.MEMORY_AND_DISK());
    long[] signedCounts = signed.filter(block -> block._1 == COUNTS_TAG).map(Tuple2::_2)
        .fold(new long[3], (x, y) -> new long[] {x[0] + y[0], x[1] + y[1], x[2] + y[2]});
    stats.put("records", signedCounts[0]);
    stats.put("bounded_records", signedCounts[1]);
    stats.put("twin_records", signedCounts[2]);
    JavaRDD<ShingleTable> sets = Exchange.deliver(signed.filter(block -> block._1 >= n)
            .map(block -> new Tuple2<>(block._1 - n, block._2)), n)
        .mapPartitions(blocks -> List.of(ShingleTable.of(Exchange.gather(blocks))).iterator(), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    sets.count(); // placed now: the signed blocks are released after the candidates
    clock = lap(seconds, "sign", clock);

    // Buckets by sorting (band key, record key) pairs by band, not by collecting lists per band: most bands are
    // unshared. Pairs come straight out of each run of equal band keys, go to their smaller key's partition and
    // are counted there per band they share. Bucket counts are accumulators (a retried task adds twice).
    LongAccumulator sharedBuckets = spark.sparkContext().longAccumulator("shared_buckets");
    LongAccumulator cappedBuckets = spark.sparkContext().longAccumulator("capped_buckets");
    int maxBucket = settings.maxBucket;
    int minShared = settings.minSharedBands;
    JavaRDD<long[]> bandKeys = Exchange.deliver(signed.filter(block -> block._1 >= 0 && block._1 < n), n);
    JavaRDD<long[]> candidates = Exchange.deliver(bandKeys.mapPartitions(blocks ->
            bucketPairs(Exchange.sortByKey(Exchange.gather(blocks)), maxBucket, n, sharedBuckets, cappedBuckets)), n)
        .mapPartitions(blocks -> List.of(sharedAtLeast(Exchange.gather(blocks), minShared)).iterator(), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    stats.put("candidate_pairs", candidates.map(pairs -> (long) pairs.length / 2).fold(0L, Long::sum));
    stats.put("shared_buckets", sharedBuckets.value());
    stats.put("capped_buckets", cappedBuckets.value());
    signed.unpersist(false);
    clock = lap(seconds, "candidates", clock);

    // Verify where the records live: each pair takes its smaller key's shingle set to the other key's partition.
    double threshold = settings.threshold;
    JavaRDD<long[]> withSets = Exchange.deliver(sets.zipPartitions(candidates, (tables, pairs) -> {
      ShingleTable table = tables.next();
      long[] here = pairs.next();
      Exchange.Outbox out = new Exchange.Outbox(n);
      for (int i = 0; i < here.length; i += 2) {
        table.sendWith(out, here[i + 1], here[i]);
      }
      return out.blocks();
    }), n);
    // Candidates are distinct pairs of records, so each pair is verified once, twins included: no merge after.
    Dataset<Row> verified = spark.createDataFrame(sets.zipPartitions(withSets, (tables, messages) -> {
      ShingleTable table = tables.next();
      List<Row> found = new ArrayList<>();
      while (messages.hasNext()) {
        long[] block = messages.next();
        for (int i = 0; i < block.length; i = Exchange.nextRecord(block, i)) {
          long to = block[i];
          long from = block[i + 1];
          double jaccard = table.similarity(to, block, i + 3, (int) block[i + 2]);
          if (jaccard >= threshold) {
            found.add(RowFactory.create(Math.min(from, to), Math.max(from, to), jaccard));
          }
        }
      }
      return found.iterator();
    }), VERIFIED).persist(StorageLevel.MEMORY_AND_DISK());
    long verifiedPairs = verified.count();
    stats.put("verified_pairs", verifiedPairs);
    candidates.unpersist(false);
    sets.unpersist(false);
    clock = lap(seconds, "verify", clock);
    stats.put("seconds", seconds);
    if (verifiedPairs == 0) {
      stats.put("component_rounds", 0);
      return new Result(spark.createDataFrame(List.of(), COMPONENT), verified, stats, verified::unpersist);
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

  /**
   * Shingles and band keys of a partition's records, as packed blocks: (band key, record key) pairs tagged with the
   * band's partition (a twin's bands too, under its record's key), the record's sets as {@link ShingleTable} keeps
   * them tagged with n + the record's partition, and one block tagged {@link #COUNTS_TAG} with the records signed,
   * bounded and twinned. Records without a shingle are skipped.
   */
  private static Iterator<Tuple2<Integer, long[]>> sign(Iterator<Row> rows, Shingles shingler, MinHash minHash,
      int n) {
    Exchange.Outbox bands = new Exchange.Outbox(n);
    Exchange.Outbox sets = new Exchange.Outbox(n);
    long records = 0;
    long bounded = 0;
    long twins = 0;
    while (rows.hasNext()) {
      Row row = rows.next();
      long key = row.getLong(0);
      String normalised = TextNormalizer.normalize(row.getString(1));
      long[] shingles = shingler.of(normalised);
      if (shingles.length == 0) {
        continue;
      }
      records++;
      bounded += shingler.bounds(normalised) ? 1 : 0;
      for (long band : minHash.bandKeys(minHash.signature(shingles))) {
        bands.send(band, key);
      }
      long[] twin = shingler.twin(normalised);
      if (twin == null) {
        twin = new long[0];
      } else if (twin.length > 0) {
        // The other representation's band keys stand for the same record, so candidates stay pairs of records.
        twins++;
        for (long band : minHash.bandKeys(minHash.signature(twin))) {
          bands.send(band, key);
        }
      }
      long[] both = new long[1 + shingles.length + twin.length];
      both[0] = shingles.length;
      System.arraycopy(shingles, 0, both, 1, shingles.length);
      System.arraycopy(twin, 0, both, 1 + shingles.length, twin.length);
      sets.send(key, key, both, 0, both.length);
    }
    List<Tuple2<Integer, long[]>> blocks = new ArrayList<>();
    bands.blocks().forEachRemaining(blocks::add);
    sets.blocks().forEachRemaining(block -> blocks.add(new Tuple2<>(n + block._1, block._2)));
    blocks.add(new Tuple2<>(COUNTS_TAG, new long[] {records, bounded, twins}));
    return blocks.iterator();
  }

  /**
   * The shingle sets of the records of one partition, kept as received: packed (key, key, size, main size, main
   * set..., twin set...) and an index of (key, position) sorted by key. The twin set is empty but for texts near the
   * short/long boundary ({@link Shingles#twin}).
   */
  static final class ShingleTable implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] packed;
    private final long[] index;

    private ShingleTable(long[] packed, long[] index) {
      this.packed = packed;
      this.index = index;
    }

    static ShingleTable of(long[] packed) {
      int count = 0;
      for (int i = 0; i < packed.length; i = Exchange.nextRecord(packed, i)) {
        count++;
      }
      long[] index = new long[2 * count];
      int k = 0;
      for (int i = 0; i < packed.length; i = Exchange.nextRecord(packed, i)) {
        index[k++] = packed[i];
        index[k++] = i;
      }
      long[] sorted = Exchange.sortByKey(index);
      return new ShingleTable(packed, sorted);
    }

    /** Where the set of {@code key} starts in {@code packed} (its size is at start - 1). */
    private int start(long key) {
      int low = 0;
      int high = index.length / 2 - 1;
      while (low <= high) {
        int mid = (low + high) >>> 1;
        long found = index[2 * mid];
        if (found == key) {
          return (int) index[2 * mid + 1] + 3;
        }
        if (Long.compareUnsigned(found, key) < 0) {
          low = mid + 1;
        } else {
          high = mid - 1;
        }
      }
      throw new IllegalStateException("no shingle set for record key " + key + " in this partition");
    }

    /** Sends (to, from, size, sets of from) towards {@code to}'s partition. */
    void sendWith(Exchange.Outbox out, long to, long from) {
      int start = start(from);
      out.send(to, from, packed, start, (int) packed[start - 1]);
    }

    /**
     * The best Jaccard similarity of {@code key}'s sets here and the sets {@code other[from, from + size)} (main
     * size, main set, twin set): main with main, and with a twin where either has one (the like-with-like
     * comparison across the short/long boundary).
     */
    double similarity(long key, long[] other, int from, int size) {
      int start = start(key);
      int size1 = (int) packed[start - 1];
      int main1 = (int) packed[start];
      int main2 = (int) other[from];
      int twin1 = size1 - 1 - main1;
      int twin2 = size - 1 - main2;
      double best = Shingles.jaccard(packed, start + 1, main1, other, from + 1, main2);
      if (twin1 > 0) {
        best = Math.max(best, Shingles.jaccard(packed, start + 1 + main1, twin1, other, from + 1, main2));
      }
      if (twin2 > 0) {
        best = Math.max(best, Shingles.jaccard(packed, start + 1, main1, other, from + 1 + main2, twin2));
      }
      if (twin1 > 0 && twin2 > 0) {
        best = Math.max(best, Shingles.jaccard(packed, start + 1 + main1, twin1, other, from + 1 + main2, twin2));
      }
      return best;
    }
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
            if (run[j] != run[i]) { // a record and its twin in one bucket
              out.send(run[i], run[j]);
            }
          }
        }
      }
      start = end;
    }
    return out.blocks();
  }

  /** The distinct (src, dst) of packed pairs that occur at least {@code minShared} times (once per shared band). */
  private static long[] sharedAtLeast(long[] pairs, int minShared) {
    Exchange.swapKeysAndValues(pairs); // sort by dst, then (stably) by src
    long[] byDst = Exchange.sortByKey(pairs);
    Exchange.swapKeysAndValues(byDst);
    long[] sorted = Exchange.sortByKey(byDst);
    int kept = 0;
    for (int start = 0; start < sorted.length; ) {
      int end = start + 2;
      while (end < sorted.length && sorted[end] == sorted[start] && sorted[end + 1] == sorted[start + 1]) {
        end += 2;
      }
      if ((end - start) / 2 >= minShared) {
        sorted[kept++] = sorted[start];
        sorted[kept++] = sorted[start + 1];
      }
      start = end;
    }
    return Arrays.copyOf(sorted, kept);
  }
}
