package io.tessera.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Stage;
import io.tessera.pipeline.StageContext;
import io.tessera.pipeline.StageNames;
import io.tessera.pipeline.StageResult;
import io.tessera.schema.Conform;
import io.tessera.schema.Tables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Duplicate clusters. Exact duplicates for now: records whose normalised text hashes equal form one cluster, its
 * representative the smallest doc_id (then file and offset), so the choice is the same on any partitioning. Near-duplicate MinHash LSH joins
 * these clusters later (issue: dedup). Only annotates; select drops non-representatives.
 */
public final class DedupStage implements Stage {
  private static final UserDefinedFunction EXACT_HASH =
      udf((UDF1<String, String>) TextNormalizer::exactHash, DataTypes.StringType);

  @Override
  public String name() {
    return StageNames.DEDUP;
  }

  @Override
  public String description() {
    return "mark duplicate clusters and their representatives (dedup struct)";
  }

  @Override
  public Object settings(TesseraConfig config) {
    return null;
  }

  @Override
  public StageResult run(StageContext context) {
    WindowSpec cluster = Window.partitionBy("_exact_hash");
    // A total order inside the cluster: the same record may be read twice (a comment in two dump files, a tweet
    // in two pages) and then shares its doc_id; file and offset break the tie, so exactly one is kept.
    WindowSpec order = cluster.orderBy(col("doc_id"), col("source.input_file"), col("source.position"));
    Dataset<Row> documents = context.read(StageNames.TAG)
        .withColumn("_exact_hash", EXACT_HASH.apply(col("text")))
        .withColumn("dedup", struct(
            col("_exact_hash").as("exact_hash"),
            min("doc_id").over(cluster).as("cluster_id"),
            count(lit(1)).over(cluster).as("cluster_size"),
            row_number().over(order).equalTo(1).as("is_representative")))
        .drop("_exact_hash");
    String path = context.paths().stageData(name());
    long written = context.write(Conform.to(documents, Tables.DOCUMENTS), path);
    List<Row> totals = context.spark().read().parquet(path)
        .agg(sum(when(col("dedup.cluster_size").gt(1), 1).otherwise(0)),
            sum(when(col("dedup.is_representative").and(col("dedup.cluster_size").gt(1)), 1).otherwise(0)))
        .collectAsList();
    StageResult result = StageResult.of(written, written);
    long inClusters = totals.get(0).isNullAt(0) ? 0 : totals.get(0).getLong(0);
    long clusters = totals.get(0).isNullAt(1) ? 0 : totals.get(0).getLong(1);
    result.stats.put("exact_duplicate_clusters", clusters);
    result.stats.put("exact_duplicate_records", inClusters - clusters);
    return result;
  }
}
