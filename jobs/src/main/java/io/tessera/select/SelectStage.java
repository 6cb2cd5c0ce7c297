package io.tessera.select;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.tessera.config.TesseraConfig;
import io.tessera.config.TesseraConfig.SelectSettings;
import io.tessera.pipeline.Stage;
import io.tessera.pipeline.StageContext;
import io.tessera.pipeline.StageNames;
import io.tessera.pipeline.StageResult;
import io.tessera.schema.Conform;
import io.tessera.schema.Tables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Applies the configured filters once, after every annotating stage. Writes every record with {@code drop_reason},
 * the first filter it failed (null when kept), so changing a threshold reruns select onward and nothing else.
 */
public final class SelectStage implements Stage {
  public static final String TOO_SHORT = "too_short";
  public static final String NSFW = "nsfw";
  public static final String DUPLICATE = "duplicate";
  public static final String LANGUAGE = "language";
  public static final String LOW_LANGUAGE_CONFIDENCE = "low_language_confidence";
  public static final String SYMBOLS = "symbols";
  public static final String REPETITIVE = "repetitive";
  public static final String NOT_CULTURAL = "not_cultural";
  private static final UserDefinedFunction SYMBOL_RATIO =
      udf((UDF1<String, Double>) QualitySignals::symbolRatio, DataTypes.DoubleType);
  private static final UserDefinedFunction REPETITION =
      udf((UDF1<String, Double>) QualitySignals::repetition, DataTypes.DoubleType);

  @Override
  public String name() {
    return StageNames.SELECT;
  }

  @Override
  public String description() {
    return "apply the filters; every dropped record keeps its first reason (drop_reason)";
  }

  @Override
  public Object settings(TesseraConfig config) {
    return config.select;
  }

  @Override
  public StageResult run(StageContext context) {
    SelectSettings settings = context.config().select;
    // In this order: a record is counted under the first filter it fails.
    Column reason = when(col("quality.char_count").lt(settings.minChars), lit(TOO_SHORT))
        .when(SYMBOL_RATIO.apply(col("text")).gt(settings.maxSymbolRatio), lit(SYMBOLS))
        .when(REPETITION.apply(col("text")).gt(settings.maxRepetition), lit(REPETITIVE));
    if (!settings.languages.isEmpty()) {
      reason = reason.when(not(col("language").isin(settings.languages.toArray())), lit(LANGUAGE));
    }
    if (settings.minLanguageConfidence > 0) {
      reason = reason.when(coalesce(col("lang.confidence"), lit(0.0)).lt(settings.minLanguageConfidence),
          lit(LOW_LANGUAGE_CONFIDENCE));
    }
    if (settings.dropNsfw) {
      reason = reason.when(col("quality.nsfw").equalTo(true), lit(NSFW));
    }
    if (settings.minCultureRelevance > 0) {
      reason = reason.when(coalesce(col("culture_relevance"), lit(0.0)).lt(settings.minCultureRelevance),
          lit(NOT_CULTURAL));
    }
    if (settings.dropDuplicates) {
      reason = reason.when(col("dedup.is_representative").equalTo(false), lit(DUPLICATE));
    }
    Dataset<Row> documents = Conform.to(context.read(StageNames.DEDUP), Tables.DOCUMENTS)
        .withColumn("drop_reason", reason);
    String path = context.paths().stageData(name());
    long total = context.write(documents, path);
    StageResult result = StageResult.of(total, 0);
    for (Row row : context.spark().read().parquet(path).groupBy("drop_reason").count().collectAsList()) {
      if (row.isNullAt(0)) {
        result.recordsOut = row.getLong(1);
      } else {
        result.drop(row.getString(0), row.getLong(1));
      }
    }
    return result;
  }
}
