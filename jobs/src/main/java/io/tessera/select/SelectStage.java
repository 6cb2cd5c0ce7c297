package io.tessera.select;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
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

/**
 * Applies the configured filters once, after every annotating stage. Writes every record with {@code drop_reason},
 * the first filter it failed (null when kept), so changing a threshold reruns select onward and nothing else.
 */
public final class SelectStage implements Stage {
  public static final String TOO_SHORT = "too_short";
  public static final String NSFW = "nsfw";
  public static final String DUPLICATE = "duplicate";

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
    Column reason = when(col("quality.char_count").lt(settings.minChars), lit(TOO_SHORT));
    if (settings.dropNsfw) {
      reason = reason.when(col("quality.nsfw").equalTo(true), lit(NSFW));
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
