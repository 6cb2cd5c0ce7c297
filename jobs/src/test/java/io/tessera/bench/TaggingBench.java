package io.tessera.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.TestBase;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.config.TesseraConfig.TagSettings;
import io.tessera.pipeline.Pipeline;
import io.tessera.schema.Conform;
import io.tessera.schema.Tables;
import io.tessera.tagging.CultureTagger;
import io.tessera.tagging.Gazetteer;
import io.tessera.tagging.TopicTagger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Cultural tagging, measured on the shared fixtures (run: scripts/bench tagging):
 * <ul>
 *   <li>NormDial (1,826 dialogues, American or Chinese by their folder): accuracy of the primary culture (US or
 *       CN) with every kind of evidence (the persona culture comes from that same folder, so this checks the
 *       wiring) and from the text alone (persona weight 0);</li>
 *   <li>MENAValues items: share whose country tags are exactly the populations of their answer distributions;</li>
 *   <li>topic agreement with MENAValues' sub-categories through the taxonomy's crosswalk;</li>
 *   <li>throughput of {@link CultureTagger} and {@link TopicTagger} on one thread over the fixture texts, side by side with a pass that
 *       only reads the same texts (MB of UTF-8 text per second).</li>
 * </ul>
 * With {@code stage [COPIES]} (scripts/bench tagging-stage): the {@code tag} stage as a Spark job on one core
 * ({@code local[1]}), side by side with the same job without tagging (read the language-ID output, conform it to
 * the documents schema, write it, count by culture), on the fixture texts repeated COPIES times (default 10).
 */
public final class TaggingBench {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("stage")) {
      stage(args.length > 1 ? Integer.parseInt(args[1]) : 10);
      return;
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("tagging-bench")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Path fixtures = TestBase.fixtures();
    String out = System.getProperty("java.io.tmpdir") + "/tagging-bench";

    System.out.println("| corpus | evidence | records | accuracy |");
    System.out.println("|---|---|---|---|");
    for (String persona : new String[] {"0.9", "0.0"}) {
      Dataset<Row> normdial = tagged(spark, out + "/normdial-" + persona,
          List.of("csv:normdial=" + fixtures.resolve("dialogues/normdial")), "tag.weights.persona=" + persona);
      Dataset<Row> labelled = normdial.withColumn("gold",
          when(col("metadata").getItem("culture").equalTo("American"), "US").otherwise("CN"));
      long n = labelled.count();
      long right = labelled.where(col("culture").equalTo(col("gold"))).count();
      System.out.printf("| NormDial | %s | %d | %.3f (und %d) |%n", persona.equals("0.0") ? "text only" : "all, incl. persona",
          n, (double) right / n, labelled.where(col("culture").equalTo("und")).count());
    }
    Dataset<Row> mena = tagged(spark, out + "/mena",
        List.of("menavalues=" + fixtures.resolve("surveys/menavalues/csv-derived")), "tag.min_score=0.3");
    Dataset<Row> compared = mena.selectExpr(
        "array_sort(transform(survey.distributions, d -> d.population)) as populations",
        "array_sort(transform(filter(culture_tags, t -> t.level = 'country' and t.score >= 0.3), t -> t.country_code))"
            + " as tagged");
    long items = compared.count();
    long covered = compared.where("size(array_except(populations, tagged)) = 0").count();
    long extra = compared.where("size(array_except(tagged, populations)) > 0").count();
    System.out.printf("| MENAValues | survey populations | %d | %.3f (every population tagged); %d items also tag a"
        + " country their text names |%n", items, (double) covered / items, extra);
    topicAgreement(mena);

    List<String> texts = new ArrayList<>();
    texts.addAll(fixtureTexts(spark, out + "/texts", fixtures));
    speed(texts);
    spark.stop();
  }

  /** Agreement of the topic tags with MENAValues' own sub-categories, through the taxonomy's crosswalk. */
  private static void topicAgreement(Dataset<Row> mena) {
    TopicTagger topics = TopicTagger.get();
    int items = 0;
    int mapped = 0;
    int top = 0;
    int any = 0;
    for (Row r : mena.selectExpr("metadata['sub_category']", "transform(topic_tags, t -> t.code)").collectAsList()) {
      items++;
      List<String> expected = r.isNullAt(0) ? List.of() : topics.topicsFor("menavalues", r.getString(0));
      if (expected.isEmpty()) {
        continue;
      }
      mapped++;
      List<String> codes = r.<String>getList(1).stream().map(c -> c.split("\\.")[0]).toList();
      top += !codes.isEmpty() && expected.contains(codes.get(0)) ? 1 : 0;
      any += codes.stream().anyMatch(expected::contains) ? 1 : 0;
    }
    System.out.printf("| MENAValues topics vs sub-category (crosswalk) | %d of %d items mapped | top topic agrees %.3f;"
        + " any topic agrees %.3f |%n", mapped, items, (double) top / mapped, (double) any / mapped);
  }

  private static Dataset<Row> tagged(SparkSession spark, String out, List<String> sources, String... overrides) {
    List<String> settings = new ArrayList<>(List.of("run.stages=[ingest, langid, tag]"));
    settings.addAll(List.of(overrides));
    TesseraConfig config = ConfigLoader.quick(sources, out, settings);
    new Pipeline(spark, config).force(true).execute();
    return spark.read().parquet(Pipeline.paths(config).stageData("tag"));
  }

  private static List<String> fixtureTexts(SparkSession spark, String out, Path fixtures) {
    TesseraConfig config = ConfigLoader.quick(List.of(
        "wikipedia-xml=" + fixtures.resolve("wikipedia/enwiki-pages-articles-excerpt.xml.bz2"),
        "reddit=" + fixtures.resolve("reddit"), "twitter=" + fixtures.resolve("twitter"),
        "csv:normdial=" + fixtures.resolve("dialogues/normdial")), out, List.of("run.stages=[ingest]"));
    new Pipeline(spark, config).execute();
    return spark.read().parquet(Pipeline.paths(config).stageData("ingest")).orderBy("doc_id").select("text")
        .as(Encoders.STRING()).collectAsList();
  }

  /** The tag stage against the same Spark job without tagging, one core, median of 3 alternating runs. */
  private static void stage(int copies) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("tagging-stage-bench")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    String out = System.getProperty("java.io.tmpdir") + "/tagging-stage-bench";
    List<String> texts = fixtureTexts(spark, out + "/texts", TestBase.fixtures());
    Path corpus = Path.of(out, "corpus.jsonl");
    try (java.io.BufferedWriter writer = java.nio.file.Files.newBufferedWriter(corpus)) {
      ObjectMapper json = new ObjectMapper();
      for (int copy = 0; copy < copies; copy++) {
        for (int i = 0; i < texts.size(); i++) {
          writer.write(json.writeValueAsString(java.util.Map.of("id", copy + "-" + i, "text", texts.get(i))));
          writer.newLine();
        }
      }
    }
    String run = out + "/run";
    List<String> sources = List.of("jsonl=" + corpus);
    new Pipeline(spark, ConfigLoader.quick(sources, run, List.of("run.stages=[ingest, langid]"))).force(true)
        .execute();
    TesseraConfig tagOnly = ConfigLoader.quick(sources, run, List.of("run.stages=[tag]"));
    String langid = Pipeline.paths(tagOnly).stageData("langid");
    Row size = spark.read().parquet(langid).selectExpr("count(1)", "sum(octet_length(text))").first();
    double mb = size.getLong(1) / 1e6;
    double[] plain = new double[3];
    double[] tag = new double[3];
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      String copy = out + "/without-tagging";
      Conform.to(spark.read().parquet(langid), Tables.DOCUMENTS).write().mode("overwrite").parquet(copy);
      spark.read().parquet(copy).groupBy("culture").count().collectAsList();
      long t1 = System.nanoTime();
      new Pipeline(spark, tagOnly).force(true).execute();
      long t2 = System.nanoTime();
      plain[i] = (t1 - t0) / 1e9;
      tag[i] = (t2 - t1) / 1e9;
    }
    java.util.Arrays.sort(plain);
    java.util.Arrays.sort(tag);
    System.out.printf("%nOne core (local[1]), %d records, %.1f MB of text (fixture texts x %d), median of 3:%n",
        size.getLong(0), mb, copies);
    System.out.printf("| the same job without tagging | %.1f s | %.1f MB/s |%n", plain[1], mb / plain[1]);
    System.out.printf("| tag stage | %.1f s | %.1f MB/s |%n", tag[1], mb / tag[1]);
    System.out.printf("| tagging's share (difference) | %.1f s | %.1f MB/s |%n", tag[1] - plain[1],
        mb / (tag[1] - plain[1]));
    spark.stop();
  }

  private static void speed(List<String> texts) {
    CultureTagger tagger = new CultureTagger(Gazetteer.get(), new TagSettings());
    TopicTagger topics = TopicTagger.get();
    CultureTagger.Hints hints = new CultureTagger.Hints("en", null, null, null, List.of(), List.of());
    double mb = texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum() / 1e6;
    System.out.printf("%nThroughput, one thread, %d texts, %.1f MB (median of 5 after 2 warm-ups):%n", texts.size(), mb);
    long sink = 0;
    double[] read = new double[5];
    double[] tag = new double[5];
    for (int run = -2; run < 5; run++) {
      long t0 = System.nanoTime();
      for (String t : texts) {
        sink += t.getBytes(StandardCharsets.UTF_8).length;
      }
      long t1 = System.nanoTime();
      for (String t : texts) {
        sink += tagger.tag(t, hints).tags().size() + topics.tag(t).size();
      }
      long t2 = System.nanoTime();
      if (run >= 0) {
        read[run] = mb / ((t1 - t0) / 1e9);
        tag[run] = mb / ((t2 - t1) / 1e9);
      }
    }
    java.util.Arrays.sort(read);
    java.util.Arrays.sort(tag);
    System.out.printf("| read only (UTF-8 encode) | %.1f MB/s |%n| culture and topic tagging | %.2f MB/s |%n(%d)%n", read[2],
        tag[2], sink % 7);
  }
}
