package io.tessera.tagging;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Stage;
import io.tessera.pipeline.StageContext;
import io.tessera.pipeline.StageNames;
import io.tessera.pipeline.StageResult;
import io.tessera.schema.Conform;
import io.tessera.schema.Tables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Cultural tagging. Wired as a pass-through for now: the primary culture is und unless a reader set it; the
 * gazetteer, evidence weighting and topic taxonomy fill it in (issue: cultural tagging).
 */
public final class TagStage implements Stage {
  public static final String UNKNOWN_CULTURE = "und";

  @Override
  public String name() {
    return StageNames.TAG;
  }

  @Override
  public String description() {
    return "tag the cultures and cultural topics each record is about (culture column)";
  }

  @Override
  public Object settings(TesseraConfig config) {
    return null;
  }

  @Override
  public StageResult run(StageContext context) {
    Dataset<Row> documents = context.read(StageNames.LANGID)
        .withColumn("culture", coalesce(col("culture"), lit(UNKNOWN_CULTURE)));
    long written = context.write(Conform.to(documents, Tables.DOCUMENTS), context.paths().stageData(name()));
    return StageResult.of(written, written);
  }
}
