package io.tessera.dedup;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Stage;
import io.tessera.pipeline.StageContext;
import io.tessera.pipeline.StageNames;
import io.tessera.pipeline.StageResult;
import io.tessera.schema.Conform;
import io.tessera.schema.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Duplicate clusters across every source and kind. Records whose normalised texts are equal share an exact hash;
 * a record with an identity ({@link #identity()}: a survey question) is an exact duplicate only of the same
 * question with the same text, and never a near-duplicate. One record per exact group of the others then goes
 * through {@link NearDuplicates} (MinHash LSH, verified Jaccard), and a cluster
 * is an exact group together with every group near-duplicate to it. The representative is the earliest record
 * (the original, not the repost), then the longest text, then the smallest doc_id, file and offset: a total order,
 * so the choice is the same on any partitioning. Only annotates; select drops non-representatives.
 */
public final class DedupStage implements Stage {
  private static final UserDefinedFunction EXACT_HASH =
      udf((UDF1<String, String>) TextNormalizer::exactHash, DataTypes.StringType);
  /** Clusters by size in run.json: upper bounds of the classes. */
  private static final long[] SIZE_CLASSES = {2, 5, 10, 100, 1000};

  @Override
  public String name() {
    return StageNames.DEDUP;
  }

  @Override
  public String description() {
    return "mark exact and near-duplicate clusters and their representatives (dedup struct)";
  }

  @Override
  public Object settings(TesseraConfig config) {
    return config.dedup;
  }

  @Override
  public StageResult run(StageContext context) {
    TesseraConfig.DedupSettings settings = context.config().dedup;
    Dataset<Row> documents = context.read(StageNames.TAG)
        .withColumn("_exact_hash", EXACT_HASH.apply(col("text")))
        .withColumn("_exact_group", exactGroup(col("_exact_hash")))
        .withColumn("_key", xxhash64(col("doc_id")));
    // One node per exact group: its smallest key, with that record's text.
    Dataset<Row> groups = documents.groupBy("_exact_group")
        .agg(min("_key").as("key"), min_by(col("text"), col("_key")).as("text"),
            min(identity().isNull()).as("_textual"));
    Dataset<Row> clusterOfGroup = groups.select(col("_exact_group"), col("key").as("_cluster"));
    Map<String, Object> nearStats = new LinkedHashMap<>();
    NearDuplicates.Result near = null;
    if (settings.near) {
      // Records with an identity are told apart by it, not by their text: they take no part in near-dedup.
      near = NearDuplicates.of(groups.where(col("_textual")).select("key", "text")).configure(settings).execute();
      nearStats.putAll(near.stats());
      clusterOfGroup = groups.join(near.components(), "key", "left")
          .select(col("_exact_group"), coalesce(col("component"), col("key")).as("_cluster"));
    }

    WindowSpec cluster = Window.partitionBy("_cluster");
    WindowSpec order = cluster.orderBy(col("created_at").asc_nulls_last(), col("quality.char_count").desc(),
        col("doc_id"), col("source.input_file"), col("source.position"));
    Dataset<Row> annotated = documents.join(clusterOfGroup, "_exact_group")
        .withColumn("_rank", row_number().over(order))
        .withColumn("dedup", struct(
            col("_exact_hash").as("exact_hash"),
            first(col("doc_id")).over(order.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing()))
                .as("cluster_id"),
            count(lit(1)).over(cluster).as("cluster_size"),
            col("_rank").equalTo(1).as("is_representative")))
        .drop("_exact_hash", "_exact_group", "_key", "_cluster", "_rank");
    String path = context.paths().stageData(name());
    long written = context.write(Conform.to(annotated, Tables.DOCUMENTS), path);
    if (near != null) {
      near.release();
    }

    StageResult result = StageResult.of(written, written);
    Dataset<Row> stored = context.spark().read().parquet(path);
    result.stats.putAll(totals(stored));
    result.stats.put("near", nearStats);
    result.stats.put("clusters_by_size", clustersBySize(stored));
    result.stats.put("duplicate_rate_by_source", duplicateRate(stored, col("source.name")));
    result.stats.put("duplicate_rate_by_language", duplicateRate(stored, col("lang.code")));
    return result;
  }

  /**
   * What a record is, where its text does not say: a survey item's instrument and question id. Items of one
   * battery share a template and differ in a quoted option, so by their text they look like near copies; they are
   * distinct questions. Null for records known by their text alone.
   */
  static Column identity() {
    return when(col("survey.question_id").isNotNull(),
        concat_ws(":", coalesce(col("survey.instrument"), lit("")), col("survey.question_id")));
  }

  /** The exact group: equal normalised text and, for records with an identity, the same identity. */
  private static Column exactGroup(Column exactHash) {
    return concat_ws("|", exactHash, identity());
  }

  private static Map<String, Object> totals(Dataset<Row> stored) {
    Row row = stored.agg(
            sum(when(col("dedup.is_representative").and(col("dedup.cluster_size").gt(1)), 1L).otherwise(0L)),
            sum(when(col("dedup.is_representative"), 0L).otherwise(1L)),
            count(lit(1)).minus(countDistinct(exactGroup(col("dedup.exact_hash")))))
        .first();
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("duplicate_clusters", row.isNullAt(0) ? 0L : row.getLong(0));
    totals.put("duplicate_records", row.isNullAt(1) ? 0L : row.getLong(1));
    totals.put("exact_duplicate_records", row.getLong(2));
    return totals;
  }

  private static Map<String, Long> clustersBySize(Dataset<Row> stored) {
    Column size = col("dedup.cluster_size");
    Column sizeClass = lit("more than " + SIZE_CLASSES[SIZE_CLASSES.length - 1]);
    for (int i = SIZE_CLASSES.length - 1; i >= 0; i--) {
      String label = i == 0 ? "2" : (SIZE_CLASSES[i - 1] + 1) + "-" + SIZE_CLASSES[i];
      sizeClass = when(size.leq(SIZE_CLASSES[i]), lit(label)).otherwise(sizeClass);
    }
    Map<String, Long> bySize = new LinkedHashMap<>();
    List<Row> rows = stored.where(col("dedup.is_representative").and(size.gt(1)))
        .groupBy(sizeClass.as("size")).count().orderBy("size").collectAsList();
    rows.forEach(r -> bySize.put(r.getString(0), r.getLong(1)));
    return bySize;
  }

  /** Share of records that are not their cluster's representative, per value of {@code key} (small groupings). */
  private static Map<String, Double> duplicateRate(Dataset<Row> stored, Column key) {
    Map<String, Double> rates = new LinkedHashMap<>();
    stored.groupBy(coalesce(key, lit("null")).as("k"))
        .agg(sum(when(col("dedup.is_representative"), 0.0).otherwise(1.0)).divide(count(lit(1))).as("rate"))
        .orderBy("k").collectAsList()
        .forEach(r -> rates.put(r.getString(0), Math.round(r.getDouble(1) * 10000) / 10000.0));
    return rates;
  }
}
