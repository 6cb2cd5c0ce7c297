package io.tessera.langid;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.tessera.config.TesseraConfig;
import io.tessera.config.TesseraConfig.LangIdSettings;
import io.tessera.pipeline.Stage;
import io.tessera.pipeline.StageContext;
import io.tessera.pipeline.StageNames;
import io.tessera.pipeline.StageResult;
import io.tessera.schema.Conform;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Gives every record a language it can be trusted with ({@link LanguageDetection}): the lang struct and the
 * language column. Dialogues get a language per turn and the record the majority language of their turns, by
 * letters. The detector lives once per executor JVM; the stage's statistics count records by method.
 */
public final class LangIdStage implements Stage {
  private static final StructType OUT = new StructType()
      .add("lang", Tables.LANG)
      .add("turns", DataTypes.createArrayType(Tables.TURN));

  @Override
  public String name() {
    return StageNames.LANGID;
  }

  @Override
  public String description() {
    return "identify each record's language (and each dialogue turn's) with Lingua: lang struct, language column";
  }

  @Override
  public Object settings(TesseraConfig config) {
    return config.langid;
  }

  @Override
  public StageResult run(StageContext context) {
    LangIdSettings settings = context.config().langid;
    UserDefinedFunction identify = udf((UDF3<String, String, Seq<Row>, Row>) (text, declared, turns) ->
        identify(LanguageDetection.get(settings), settings.spans, text, declared, turns), OUT);
    Dataset<Row> documents = context.read(StageNames.INGEST)
        .withColumn("_langid", identify.apply(col("text"), col("lang.source_declared"), col("dialogue.turns")))
        .withColumn("lang", col("_langid.lang"))
        .withColumn("language", col("lang.code"))
        .withColumn("dialogue", when(col("dialogue").isNull(), col("dialogue"))
            .otherwise(col("dialogue").withField("turns", col("_langid.turns"))))
        .drop("_langid");
    String path = context.paths().stageData(name());
    long written = context.write(Conform.to(documents, Tables.DOCUMENTS), path);
    StageResult result = StageResult.of(written, written);
    for (Row row : context.spark().read().parquet(path).groupBy("lang.method").count().orderBy("method")
        .collectAsList()) {
      result.stats.put("method_" + row.getString(0), row.getLong(1));
    }
    return result;
  }

  static Row identify(LanguageDetection detection, boolean spans, String text, String declared, Seq<Row> turns) {
    List<Row> annotated = null;
    LanguageDetection.Result result;
    if (turns != null && !turns.isEmpty()) {
      annotated = new ArrayList<>();
      Map<String, Integer> letters = new HashMap<>();
      for (Row turn : CollectionConverters.asJava(turns)) {
        String turnText = turn.getAs("text");
        LanguageDetection.Result r = detection.detect(turnText, declared);
        annotated.add(new RowBuilder(Tables.TURN).set("idx", turn.getAs("idx")).set("speaker", turn.getAs("speaker"))
            .set("role", turn.getAs("role")).set("text", turnText).set("lang", r.code())
            .set("label", turn.getAs("label")).build());
        if (!"system".equals(turn.getAs("role")) && !LanguageCodes.UNDETERMINED.equals(r.code())) {
          letters.merge(r.code(), (int) turnText.codePoints().filter(Character::isLetter).count(), Integer::sum);
        }
      }
      LanguageDetection.Result whole = detection.detect(text, declared);
      String majority = letters.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
          .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElse(whole.code());
      result = new LanguageDetection.Result(majority, whole.script(), whole.confidence(), whole.candidates(),
          majority.equals(whole.code()) ? whole.method() : "turn_majority");
    } else {
      result = detection.detect(text, declared);
    }
    List<Row> candidates = new ArrayList<>();
    if (result.candidates() != null) {
      for (LanguageDetection.Candidate c : result.candidates()) {
        candidates.add(new RowBuilder(Tables.LANGUAGE_CANDIDATE).set("code", c.code()).set("confidence", c.confidence()).build());
      }
    }
    String hint = LanguageCodes.normalize(declared);
    RowBuilder lang = new RowBuilder(Tables.LANG)
        .set("code", result.code())
        .set("script", result.script())
        .set("confidence", result.confidence())
        .set("candidates", candidates)
        .set("source_declared", declared)
        .set("agrees_with_source", hint == null ? null : hint.equals(result.code()))
        .set("method", result.method());
    if (spans) {
      List<Row> rows = new ArrayList<>();
      for (LanguageDetection.Span span : detection.spans(text)) {
        rows.add(new RowBuilder(Tables.LANGUAGE_SPAN).set("code", span.code()).set("start", span.start()).set("end", span.end()).build());
      }
      lang.set("spans", rows);
    }
    return new RowBuilder(OUT).set("lang", lang.build()).set("turns", annotated).build();
  }
}
