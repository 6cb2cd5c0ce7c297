package io.tessera.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import io.tessera.pipeline.RunPaths;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The survey readers on MENAValues, WVS-7 questionnaires, CulturePark seeds (shared fixtures) and the sample. */
class SurveyReadersTest extends TestBase {
  @TempDir
  static Path dir;
  static RunPaths paths;
  static Dataset<Row> docs;

  @BeforeAll
  static void ingest() {
    Path surveys = fixtures().resolve("surveys");
    TesseraConfig config = ConfigLoader.quick(List.of(
            "menavalues=" + surveys.resolve("menavalues/csv-derived"),
            "wvs-questions=" + surveys.resolve("wvs7-multilingual-questions/questions__WV7_*.jsonl"),
            "wvs-questions=" + surveys.resolve("culturepark-seeds/WVQ.jsonl"),
            "wvs-questions=" + repo().resolve("data/sample/surveys/values_items.jsonl")),
        dir.resolve("out").toString(), List.of("run.stages=[ingest]",
            "sources.0.name=mena", "sources.0.dataset=MENAValues", "sources.1.name=wvs7", "sources.1.dataset=WVS-7",
            "sources.2.name=seeds", "sources.2.dataset=CulturePark-WVQ", "sources.3.name=sample"));
    new Pipeline(spark, config).execute();
    paths = Pipeline.paths(config);
    docs = spark.read().parquet(paths.stageData("ingest")).cache();
  }

  private static Dataset<Row> of(String source) {
    return docs.where(col("source.name").equalTo(source));
  }

  private static long rejects(String source) {
    return spark.read().parquet(paths.stageTable("ingest", "rejects")).where(col("source_name").equalTo(source)).count();
  }

  @Test
  void menaValuesQuestionsCarryEveryCountryDistribution() {
    // 864 questions; 9,051 question × country lines, all for known questions and countries.
    assertEquals(864, of("mena").count());
    assertEquals(9051L, of("mena").selectExpr("sum(size(survey.distributions))").first().getLong(0));
    assertEquals(0, rejects("mena"));
    assertEquals(0, of("mena").where("exists(survey.distributions, d -> size(d.values) <> size(survey.options))").count());
    assertEquals(0, of("mena").where("exists(survey.distributions, d -> abs(aggregate(d.values, 0D, (a, x) -> a + x) - 1) > 1e-6)").count());
    Row family = of("mena").where(col("survey.question_id").equalTo("mena-0001")).first();
    Row survey = family.getAs("survey");
    assertEquals(List.of("1", "2", "3", "4"), survey.getList(survey.fieldIndex("options")));
    Row egypt = survey.<Row>getList(survey.fieldIndex("distributions")).stream()
        .filter(d -> "EG".equals(d.getAs("population"))).findFirst().orElseThrow();
    List<Double> values = egypt.getList(egypt.fieldIndex("values"));
    assertEquals(0.9967, values.get(0), 1e-9);
    assertEquals(0.0, values.get(3), 1e-9);
    assertEquals("Q1: Important in life: Family", family.getAs("title"));
    assertEquals("survey_item", family.getAs("kind"));
  }

  @Test
  void wvsQuestionnairesInNineLanguages() {
    // 1,424 lines over ten files; the shuffled file names no language.
    assertEquals(1424, of("wvs7").count());
    assertEquals(List.of("de", "en", "es", "ja", "ko", "pt", "ru", "vi", "zh"), of("wvs7")
        .where(col("lang.source_declared").isNotNull()).select("lang.source_declared").distinct()
        .orderBy("source_declared").as(Encoders.STRING()).collectAsList());
    assertEquals(144, of("wvs7").where(col("lang.source_declared").isNull()).count());
    Row korean = of("wvs7").where(col("lang.source_declared").equalTo("ko").and(col("survey.question_id").equalTo("Q1"))).first();
    Row survey = korean.getAs("survey");
    assertEquals(4, survey.getList(survey.fieldIndex("options")).size());
    assertTrue(korean.<String>getAs("text").contains("가정"));
  }

  @Test
  void cultureParkSeedsAndSampleItems() {
    assertEquals(50, of("seeds").count());
    assertEquals(0, of("seeds").where("size(survey.options) < 3").count());
    assertEquals(4, of("sample").count());
    assertEquals(1, rejects("sample"));
    Row religion = of("sample").where(col("survey.question_id").equalTo("Q6").and(col("lang.source_declared").equalTo("ja"))).first();
    Row survey = religion.getAs("survey");
    assertEquals(List.of("DE", "EG", "JO", "JP"), survey.<Row>getList(survey.fieldIndex("distributions")).stream()
        .map(d -> (String) d.getAs("population")).sorted().toList());
  }
}
