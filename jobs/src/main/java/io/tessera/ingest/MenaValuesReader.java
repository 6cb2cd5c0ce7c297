package io.tessera.ingest;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.config.ConfigException;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles.InputFile;
import io.tessera.schema.Conform;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * MENAValues (864 questions, answer distributions for 16 MENA countries), from the JSON lines derived from its
 * spreadsheet: {@code *questions*.jsonl} (one question per line) and {@code *long*.jsonl} (one question × country
 * per line, {@code {question_id, country, mean, distribution: {option: share}}}). Each question becomes one
 * survey_item with every country's distribution, aligned to its options and normalised (shares of codes outside
 * the question's scale, such as 0 for no answer, are left out); a distribution line for an
 * unknown question or country is rejected with its file and line. Both files are read by many tasks and joined on
 * the cluster.
 */
final class MenaValuesReader implements Reader {
  private static final String DISTRIBUTION_CARRIER = "survey_distribution";

  @Override
  public String name() {
    return "menavalues";
  }

  @Override
  public Set<String> options() {
    return Set.of();
  }

  @Override
  public String description() {
    return "MENAValues questions and per-country answer distributions (the derived JSON lines pair)";
  }

  @Override
  public Dataset<Row> read(SparkSession spark, SourceConfig source, List<InputFile> files) {
    List<InputFile> questions = new ArrayList<>();
    List<InputFile> distributions = new ArrayList<>();
    for (InputFile file : files) {
      String name = file.relativeName().toLowerCase();
      if (name.endsWith(".jsonl") && name.contains("question")) {
        questions.add(file);
      } else if (name.endsWith(".jsonl") && name.contains("long")) {
        distributions.add(file);
      }
    }
    if (questions.isEmpty() || distributions.isEmpty()) {
      throw new ConfigException("menavalues at " + source.path + " needs the derived *questions*.jsonl and "
          + "*long*.jsonl files (the spreadsheet itself is not read)");
    }
    Dataset<Row> q = new LineReader(name(), description(), SurveyFormat::create).read(spark, source, questions);
    Dataset<Row> d = new LineReader(name(), description(), (s, f, c) -> new DistributionFormat())
        .read(spark, source, distributions);

    Dataset<Row> questionDocs = q.where(col("outcome").equalTo(Outcomes.DOCUMENT));
    Dataset<Row> options = questionDocs.select(col("document.survey.question_id").as("qid"),
        col("document.survey.options").as("options"));
    Dataset<Row> carriers = d.where(col("outcome").equalTo(Outcomes.DOCUMENT)).select(
        col("document.survey.question_id").as("qid"),
        col("document.survey.distributions").getItem(0).getField("population").as("population"),
        col("document.metadata").as("shares"), col("*"));
    Dataset<Row> aligned = carriers.join(options, "qid")
        .withColumn("raw", expr("transform(options, o -> coalesce(cast(shares[o] as double), 0D))"))
        .withColumn("total", expr("aggregate(raw, 0D, (acc, x) -> acc + x)"))
        .withColumn("values", expr("transform(raw, x -> if(total > 0, x / total, 0D))"));
    Dataset<Row> byQuestion = aligned.groupBy("qid")
        .agg(array_sort(collect_list(struct(col("population"), col("values")))).as("dists"));
    Dataset<Row> merged = questionDocs
        .join(byQuestion, questionDocs.col("document.survey.question_id").equalTo(byQuestion.col("qid")), "left")
        .withColumn("document", col("document").withField("survey.distributions",
            expr("coalesce(dists, array())")))
        .drop("qid", "dists");

    Column reject = struct(col("source_name").as("source_name"), lit(name()).as("format"),
        col("input_file").as("input_file"), col("document.source.position").as("position"),
        lit(null).cast("long").as("line"), lit("unknown_question").as("reason"),
        expr("concat('no question ', qid, ' in the questions file')").as("message"),
        col("qid").as("snippet")).cast(Conform.nullable(Tables.REJECTS));
    Dataset<Row> orphans = carriers.join(options, carriers.col("qid").equalTo(options.col("qid")), "left_anti")
        .withColumn("outcome", lit(Outcomes.REJECT))
        .withColumn("reject", reject)
        .withColumn("document", lit(null).cast(Conform.nullable(Tables.DOCUMENTS)));
    List<String> columns = List.of(Outcomes.SCHEMA.fieldNames());
    return q.where(col("outcome").notEqual(Outcomes.DOCUMENT))
        .unionByName(merged.selectExpr(columns.toArray(String[]::new)))
        .unionByName(d.where(col("outcome").notEqual(Outcomes.DOCUMENT)))
        .unionByName(orphans.selectExpr(columns.toArray(String[]::new)));
  }

  @Override
  public List<Row> readFile(SourceConfig source, InputFile file, Configuration conf) {
    String name = file.relativeName().toLowerCase();
    LineFormat.Factory format = name.contains("question") ? SurveyFormat::create : (s, f, c) -> new DistributionFormat();
    return new LineReader(name(), description(), format).readFile(source, file, conf);
  }

  /** One question × country line, carried as an internal document until the join folds it into its question. */
  private static final class DistributionFormat implements LineFormat {
    @Override
    public void parse(String line, RecordContext context, Emitter out) {
      JsonNode r = Json.parse(line, out);
      if (r == null) {
        return;
      }
      String questionId = Json.text(r, "question_id");
      JsonNode shares = r.get("distribution");
      if (questionId == null || shares == null || !shares.isObject()) {
        out.reject("not_a_distribution", "needs question_id, country and a distribution object");
        return;
      }
      String country = Json.text(r, "country");
      String code = Countries.code(country);
      if (code == null) {
        out.reject("unknown_population", "unknown country '" + country + "'");
        return;
      }
      Map<String, String> byOption = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = shares.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> share = it.next();
        // Option codes come as "5" or "5.0".
        byOption.put(share.getKey().replaceFirst("^(-?\\d+)\\.0+$", "$1"), share.getValue().asText());
      }
      RowBuilder doc = context.newDocument(questionId + ":" + code, null);
      doc.set("kind", DISTRIBUTION_CARRIER);
      doc.set("text", "");
      doc.set("survey", new RowBuilder(Tables.SURVEY).set("question_id", questionId)
          .set("distributions", List.of(new RowBuilder(Tables.DISTRIBUTION).set("population", code)
              .set("values", List.of()).build()))
          .build());
      doc.set("metadata", byOption);
      out.document(doc.build());
    }
  }
}
