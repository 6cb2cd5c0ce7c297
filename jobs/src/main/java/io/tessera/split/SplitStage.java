package io.tessera.split;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.tessera.config.TesseraConfig;
import io.tessera.config.TesseraConfig.SplitSettings;
import io.tessera.pipeline.Stage;
import io.tessera.pipeline.StageContext;
import io.tessera.pipeline.StageNames;
import io.tessera.pipeline.StageResult;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Assigns each kept record to train, validation or test by a seeded hash of its group key (the thread for social
 * records, else the duplicate cluster), so records of one group never straddle splits and the assignment is the
 * same on any cluster.
 */
public final class SplitStage implements Stage {
  private static final long HASH_SPACE = 1L << 53;

  @Override
  public String name() {
    return StageNames.SPLIT;
  }

  @Override
  public String description() {
    return "assign train/validation/test by a seeded hash of the record's group";
  }

  @Override
  public Object settings(TesseraConfig config) {
    return config.split;
  }

  @Override
  public StageResult run(StageContext context) {
    SplitSettings settings = context.config().split;
    Column group = coalesce(col("social.thread_id"), col("dedup.cluster_id"), col("doc_id"));
    Column unit = pmod(xxhash64(lit(settings.seed), group), lit(HASH_SPACE)).divide(lit((double) HASH_SPACE));
    Column split = when(unit.lt(settings.train), lit("train"))
        .when(unit.lt(settings.train + settings.validation), lit("validation"))
        .otherwise(lit("test"));
    Dataset<Row> kept = context.read(StageNames.SELECT).where(col("drop_reason").isNull())
        .drop("drop_reason")
        .withColumn("split", split);
    String path = context.paths().stageData(name());
    long written = context.write(kept, path);
    StageResult result = StageResult.of(written, written);
    for (Row row : context.spark().read().parquet(path).groupBy("split").count().orderBy("split").collectAsList()) {
      result.stats.put(row.getString(0), row.getLong(1));
    }
    return result;
  }
}
