package io.tessera.langid;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.tessera.config.TesseraConfig;
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
 * Sets each record's language. For now from the language its source declares (normalised BCP 47), und where none
 * is declared; detection with Lingua replaces this (issue: language identification).
 */
public final class LangIdStage implements Stage {
  private static final UserDefinedFunction NORMALIZE =
      udf((UDF1<String, String>) LanguageCodes::normalize, DataTypes.StringType);

  @Override
  public String name() {
    return StageNames.LANGID;
  }

  @Override
  public String description() {
    return "set each record's language (lang struct and language column)";
  }

  @Override
  public Object settings(TesseraConfig config) {
    return null;
  }

  @Override
  public StageResult run(StageContext context) {
    Dataset<Row> documents = context.read(StageNames.INGEST);
    Column declared = NORMALIZE.apply(col("lang.source_declared"));
    Column lang = struct(
        coalesce(declared, lit(LanguageCodes.UNDETERMINED)).as("code"),
        lit(null).as("script"),
        lit(null).as("confidence"),
        lit(null).as("candidates"),
        col("lang.source_declared").as("source_declared"),
        lit(null).as("agrees_with_source"),
        when(declared.isNotNull(), lit("source_declared")).otherwise(lit("none")).as("method"));
    Dataset<Row> out = documents.withColumn("lang", lang).withColumn("language", col("lang.code"));
    long written = context.write(Conform.to(out, Tables.DOCUMENTS), context.paths().stageData(name()));
    return StageResult.of(written, written);
  }
}
