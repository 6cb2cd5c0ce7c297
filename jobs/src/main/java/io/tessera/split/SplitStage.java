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
 * same on any cluster. Then decontamination ({@link Decontamination}): training records that share an n-gram with
 * a held-out record or an external benchmark are removed, listed in the stage's {@code contaminated} table and
 * counted under that drop reason.
 */
public final class SplitStage implements Stage {
  private static final long HASH_SPACE = 1L << 53;
  private static final String CONTAMINATED = StageNames.CONTAMINATED;

  @Override
  public String name() {
    return StageNames.SPLIT;
  }

  @Override
  public String description() {
    return "assign train/validation/test by a seeded hash of the record's group; remove leaking training records";
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
    long in = kept.count();
    String removedPath = context.paths().stageTable(name(), CONTAMINATED);
    // Always written (empty when off), so the run's accounting never reads an earlier run's table.
    Dataset<Row> leaked = settings.decontaminate ? Decontamination.leaked(kept, settings, context.spark())
        : context.spark().createDataFrame(java.util.List.of(), Decontamination.LEAKED);
    context.write(kept.join(leaked, "doc_id").select(col("doc_id"), col("source.name").as("source_name"),
        col("shared_ngram")), removedPath);
    Dataset<Row> removed = context.spark().read().parquet(removedPath).select(col("doc_id").as("_removed_id"));
    kept = kept.join(removed, kept.col("doc_id").equalTo(removed.col("_removed_id")), "left_anti");
    long written = context.write(kept, path);
    StageResult result = StageResult.of(in, written).drop(CONTAMINATED, in - written);
    for (Row row : context.spark().read().parquet(path).groupBy("split").count().orderBy("split").collectAsList()) {
      result.stats.put(row.getString(0), row.getLong(1));
    }
    return result;
  }
}
