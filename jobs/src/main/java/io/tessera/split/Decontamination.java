package io.tessera.split;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import io.tessera.config.TesseraConfig.SplitSettings;
import io.tessera.dedup.Shingles;
import io.tessera.dedup.TextNormalizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Finds training records that share an n-gram (13 words; 20 characters in scripts without spaces) with any held-out
 * record (validation, test) or any line of an external benchmark file. N-grams are 64-bit hashes of the normalised
 * text ({@link Shingles}), read whole (no length bound); a text shorter than n is one n-gram of all its words. A
 * join on the hashes, distributed.
 */
final class Decontamination {
  static final org.apache.spark.sql.types.StructType LEAKED = new org.apache.spark.sql.types.StructType()
      .add("doc_id", DataTypes.StringType).add("shared_ngram", DataTypes.LongType);

  private Decontamination() {}

  /** doc_id of every training record in {@code assigned} that leaks, with one shared n-gram hash as evidence. */
  static Dataset<Row> leaked(Dataset<Row> assigned, SplitSettings settings, SparkSession spark) {
    Shingles ngrams = new Shingles(settings.contaminationNgram, settings.contaminationCharNgram, Integer.MAX_VALUE);
    UserDefinedFunction hashes = udf((UDF1<String, long[]>) text -> ngrams.of(TextNormalizer.normalize(text)),
        DataTypes.createArrayType(DataTypes.LongType, false));
    Dataset<Row> benchmark = assigned.where(col("split").notEqual("train"))
        .select(explode(hashes.apply(col("text"))).as("ngram"));
    if (!settings.benchmarkFiles.isEmpty()) {
      Column item = coalesce(get_json_object(col("value"), "$.text"), get_json_object(col("value"), "$.question"),
          get_json_object(col("value"), "$.prompt"), get_json_object(col("value"), "$.content"), col("value"));
      Dataset<Row> external = spark.read().text(settings.benchmarkFiles.toArray(String[]::new))
          .where(col("value").notEqual(lit("")))
          .select(explode(hashes.apply(item)).as("ngram"));
      benchmark = benchmark.union(external);
    }
    return assigned.where(col("split").equalTo("train"))
        .select(col("doc_id"), explode(hashes.apply(col("text"))).as("ngram"))
        .join(benchmark.distinct(), "ngram")
        .groupBy("doc_id").agg(org.apache.spark.sql.functions.min("ngram").as("shared_ngram"));
  }
}
