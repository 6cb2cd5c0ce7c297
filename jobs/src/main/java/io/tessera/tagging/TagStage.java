package io.tessera.tagging;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.tessera.config.TesseraConfig;
import io.tessera.config.TesseraConfig.TagSettings;
import io.tessera.pipeline.Stage;
import io.tessera.pipeline.StageContext;
import io.tessera.pipeline.StageNames;
import io.tessera.pipeline.StageResult;
import io.tessera.schema.Conform;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Cultural tagging: {@code culture_tags} (every culture with level, codes, path, role, evidence and score) and the
 * primary {@code culture} used for partitioning and balance ({@link CultureTagger}). The gazetteer is built once per
 * executor JVM ({@link Gazetteer#get()}); {@code topic_tags} from the taxonomy ({@link TopicTagger}) and
 * {@code culture_relevance}.
 */
public final class TagStage implements Stage {
  public static final String UNKNOWN_CULTURE = CultureTagger.UNKNOWN;
  private static final StructType OUTPUT = new StructType()
      .add("culture_tags", DataTypes.createArrayType(Tables.CULTURE_TAG, false))
      .add("culture", DataTypes.StringType)
      .add("topic_tags", DataTypes.createArrayType(Tables.TOPIC_TAG, false))
      .add("culture_relevance", DataTypes.DoubleType);

  @Override
  public String name() {
    return StageNames.TAG;
  }

  @Override
  public String description() {
    return "tag cultures and cultural topics (culture_tags, culture, topic_tags, culture_relevance)";
  }

  @Override
  public Object settings(TesseraConfig config) {
    return config.tag;
  }

  /** The gazetteer, the topic taxonomy and the subreddit map, as {@link Gazetteer} and {@link TopicTagger} load them. */
  @Override
  public List<String> dataResources() {
    return List.of("gazetteer/", "taxonomy.yaml", "subreddits.tsv");
  }

  @Override
  public StageResult run(StageContext context) {
    TagSettings settings = context.config().tag;
    UserDefinedFunction tag = udf((UDF1<Row, Row>) row -> tag(row, settings), OUTPUT);
    Dataset<Row> documents = context.read(StageNames.LANGID);
    Dataset<Row> tagged = documents
        .withColumn("_tagged", tag.apply(org.apache.spark.sql.functions.struct(
            col("text"), col("lang.code").as("language"), col("lang.source_declared").as("declared"),
            col("source.format").as("format"), col("social.community").as("community"),
            col("social.place_country").as("place"), col("dialogue.personas.culture").as("personas"),
            col("survey.distributions.population").as("populations"))))
        .withColumn("culture_tags", col("_tagged.culture_tags"))
        .withColumn("culture", col("_tagged.culture"))
        .withColumn("topic_tags", col("_tagged.topic_tags"))
        .withColumn("culture_relevance", col("_tagged.culture_relevance"))
        .drop("_tagged");
    String path = context.paths().stageData(name());
    long written = context.write(Conform.to(tagged, Tables.DOCUMENTS), path);
    StageResult result = StageResult.of(written, written);
    Map<String, Long> byCulture = new LinkedHashMap<>();
    context.spark().read().parquet(path).groupBy("culture").agg(count(lit(1)).as("n"))
        .orderBy(col("n").desc(), col("culture")).limit(50).collectAsList()
        .forEach(r -> byCulture.put(r.getString(0), r.getLong(1)));
    Row tagged0 = context.spark().read().parquet(path)
        .agg(count(when(col("culture").notEqual(UNKNOWN_CULTURE), 1))).first();
    result.stats.put("records_with_culture", tagged0.getLong(0));
    result.stats.put("records_by_culture_top50", byCulture);
    return result;
  }

  static Row tag(Row in, TagSettings settings) {
    String format = in.getString(3);
    boolean wiki = format != null && format.startsWith("wikipedia");
    CultureTagger.Hints hints = new CultureTagger.Hints(in.getString(1), wiki ? in.getString(2) : null,
        in.getString(4), in.getString(5), strings(in, 6), strings(in, 7));
    CultureTagger.Result result = new CultureTagger(Gazetteer.get(), settings).tag(in.getString(0), hints);
    List<Row> tags = new ArrayList<>();
    for (CultureTagger.Tag t : result.tags()) {
      Gazetteer.Target target = t.target();
      tags.add(new RowBuilder(Tables.CULTURE_TAG).set("level", target.level()).set("country_code", target.countryCode())
          .set("subdivision_code", target.subdivisionCode()).set("language", target.language())
          .set("label", target.label()).set("path", target.path()).set("role", t.role())
          .set("evidence", t.evidence()).set("score", t.score()).build());
    }
    List<Row> topics = new ArrayList<>();
    double topicMax = 0;
    for (TopicTagger.TopicTag t : TopicTagger.get().tag(in.getString(0))) {
      topics.add(new RowBuilder(Tables.TOPIC_TAG).set("code", t.code()).set("path", t.path()).set("score", t.score())
          .set("taxonomy_version", t.taxonomyVersion()).build());
      topicMax = Math.max(topicMax, t.score());
    }
    return RowFactory.create(tags, result.primary(), topics, relevance(topicMax, result.tags()));
  }

  /**
   * How much a record is about culture: its best topic score, raised by its best culture tag (half weight; a
   * language prior alone does not count): 1 − (1 − topic)(1 − culture / 2).
   */
  static double relevance(double topicMax, List<CultureTagger.Tag> cultures) {
    double cultureMax = cultures.stream().filter(t -> !t.evidence().equals(List.of("language_prior")))
        .mapToDouble(CultureTagger.Tag::score).max().orElse(0);
    return Math.round((1 - (1 - topicMax) * (1 - cultureMax / 2)) * 1000) / 1000.0;
  }

  private static List<String> strings(Row row, int i) {
    if (row.isNullAt(i)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : row.getList(i)) {
      if (o != null) {
        out.add(o.toString());
      }
    }
    return out;
  }
}
