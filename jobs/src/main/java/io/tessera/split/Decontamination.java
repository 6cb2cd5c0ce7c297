package io.tessera.split;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

import io.tessera.config.TesseraConfig.SplitSettings;
import io.tessera.dedup.Shingles;
import io.tessera.dedup.TextNormalizer;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The n-grams of decontamination (13 words; 20 characters in scripts without spaces), 64-bit hashes of the
 * normalised text ({@link Shingles}), read whole (no length bound); a text shorter than n is one n-gram of all its
 * words. They form the overlap families ({@link OverlapFamilies}) before the split, and afterwards find the
 * training records that still share one with a held-out record (only possible in a family too big to keep whole,
 * reason {@value #FAMILY_TOO_BIG}) or with a line of an external benchmark file (reason {@value #BENCHMARK_FILE}).
 * Joins on the hashes, distributed.
 */
final class Decontamination {
  static final String BENCHMARK_FILE = "benchmark_file";
  static final String FAMILY_TOO_BIG = "family_too_big";
  static final StructType LEAKED = new StructType()
      .add("doc_id", DataTypes.StringType).add("reason", DataTypes.StringType)
      .add("shared_ngram", DataTypes.LongType);
  private static final StructType BENCHMARK = new StructType()
      .add("ngram", DataTypes.LongType).add("reason", DataTypes.StringType);

  private Decontamination() {}

  /** The n-grams of decontamination and of the overlap families, of the whole text. */
  static Shingles shingles(SplitSettings settings) {
    return new Shingles(settings.contaminationNgram, settings.contaminationCharNgram, Integer.MAX_VALUE);
  }

  private static UserDefinedFunction hashes(SplitSettings settings) {
    Shingles ngrams = shingles(settings);
    return udf((UDF1<String, long[]>) text -> ngrams.of(TextNormalizer.normalize(text)),
        DataTypes.createArrayType(DataTypes.LongType, false));
  }

  /**
   * (doc_id, reason, shared_ngram) of every training record of {@code records} (doc_id, text, split) that leaks,
   * with one shared n-gram hash as evidence; an external benchmark file is named first. {@code heldOut}: whether a
   * training record may share an n-gram with a held-out one at all. It may not when overlap families were formed
   * and none was too big, since records sharing an n-gram are then in one family and so in one split: only the
   * benchmark files are checked then, and nothing is shingled when there are none.
   */
  static Dataset<Row> leaked(Dataset<Row> records, SplitSettings settings, boolean heldOut, SparkSession spark) {
    if (!heldOut && settings.benchmarkFiles.isEmpty()) {
      return spark.createDataFrame(List.of(), LEAKED);
    }
    Dataset<Row> placed = records.select(col("doc_id"), col("split"),
        explode(hashes(settings).apply(col("text"))).as("ngram"));
    Dataset<Row> benchmark = spark.createDataFrame(List.of(), BENCHMARK);
    if (heldOut) {
      benchmark = placed.where(col("split").notEqual("train")).select(col("ngram"), lit(FAMILY_TOO_BIG).as("reason"));
    }
    if (!settings.benchmarkFiles.isEmpty()) {
      Column item = coalesce(get_json_object(col("value"), "$.text"), get_json_object(col("value"), "$.question"),
          get_json_object(col("value"), "$.prompt"), get_json_object(col("value"), "$.content"), col("value"));
      Dataset<Row> external = spark.read().text(settings.benchmarkFiles.toArray(String[]::new))
          .where(col("value").notEqual(lit("")))
          .select(explode(hashes(settings).apply(item)).as("ngram"), lit(BENCHMARK_FILE).as("reason"));
      benchmark = benchmark.union(external);
    }
    return placed.where(col("split").equalTo("train")).select("doc_id", "ngram")
        .join(benchmark.groupBy("ngram").agg(min("reason").as("reason")), "ngram")
        .groupBy("doc_id").agg(min(struct(col("reason"), col("ngram"))).as("evidence"))
        .select(col("doc_id"), col("evidence.reason").as("reason"), col("evidence.ngram").as("shared_ngram"));
  }
}
