package io.tessera.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import io.tessera.pipeline.RunPaths;
import io.tessera.pipeline.Stage;
import io.tessera.pipeline.StageContext;
import io.tessera.pipeline.Stages;
import io.tessera.schema.Conform;
import io.tessera.schema.Tables;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The dedup and split stages alone (select between them, untimed), on the labelled corpus of {@link NearDupBench}
 * (scripts/bench dedup-split): {@code run DIR OUT RUNS}. The documents become a tag stage's output (written untimed
 * by this JVM's own schema, with cultures and languages spread by a hash of the key so the split is stratified), then
 * dedup, select and split run RUNS times as the pipeline runs them (select untimed in the comparison: it did not
 * change). Only stage APIs that predate issue 20 are used (the context's constructor by reflection, as the pipeline
 * alone builds one), so scripts/bench compiles this same file against an older commit to time both side by side.
 */
public final class DedupSplitBench {
  private static final String[] CULTURES = {"US", "GB", "IN", "NG", "AU", "CA", "PH", "ZA", "IE", "NZ"};

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().master(System.getProperty("bench.master", "local[2]"))
        .appName("dedup-split-bench").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", System.getProperty("bench.partitions", "8"))
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    String dir = args[0];
    String out = args[1];
    int runs = Integer.parseInt(args[2]);
    String label = args.length > 3 ? args[3] : "tessera";
    TesseraConfig config = ConfigLoader.quick(List.of("jsonl=" + dir + "/docs"), out, List.of());
    RunPaths paths = Pipeline.paths(config);
    Constructor<StageContext> constructor = StageContext.class.getDeclaredConstructor(SparkSession.class,
        TesseraConfig.class, RunPaths.class, Map.class);
    constructor.setAccessible(true);
    StageContext context = constructor.newInstance(spark, config, paths, Map.of());
    Dataset<Row> docs = spark.read().parquet(dir + "/docs");
    String tag = paths.stageData("tag");
    if (!new java.io.File(tag, "_SUCCESS").exists()) { // written once per code and output folder
      context.write(Conform.to(tagged(docs, config.sources.get(0).name), Tables.DOCUMENTS), tag);
    }
    long records = spark.read().parquet(tag).count();
    for (int run = 1; run <= runs; run++) {
      StringBuilder line = new StringBuilder("STAGES code=" + label + " docs=" + records + " run=" + run);
      for (Stage stage : Stages.all()) {
        if (List.of("dedup", "select", "split").contains(stage.name())) {
          long started = System.nanoTime();
          var result = stage.run(context);
          line.append(String.format(" %s_s=%.1f", stage.name(), (System.nanoTime() - started) / 1e9));
          if (!stage.name().equals("select")) {
            line.append(' ').append(stage.name()).append("_stats=").append(result.stats.toString().replace(' ', '_'));
          }
        }
      }
      System.out.println(line);
    }
    spark.stop();
  }

  /** The corpus as a tag stage writes it: ids, source position, counts, culture and language. */
  static Dataset<Row> tagged(Dataset<Row> docs, String sourceName) {
    Column culture = element_at(array(java.util.Arrays.stream(CULTURES).map(c -> lit(c)).toArray(Column[]::new)),
        pmod(xxhash64(col("key")), lit(CULTURES.length)).plus(1).cast("int"));
    return docs.select(
        concat(lit("bench-"), col("key").cast("string")).as("doc_id"),
        lit("document").as("kind"),
        filled(Tables.SOURCE, Map.of("name", lit(sourceName), "dataset", lit("bench"), "format", lit("jsonl"),
            "source_record_id", col("key").cast("string"), "input_file", lit("bench.jsonl"), "position",
            col("key"))).as("source"),
        col("text"),
        culture.as("culture"),
        lit("en").as("language"),
        filled(Tables.LANG, Map.of("code", lit("en"), "script", lit("Latn"), "confidence", lit(1.0))).as("lang"),
        filled(Tables.QUALITY, Map.of("char_count", length(col("text")), "word_count",
            size(split(col("text"), " ")))).as("quality"));
  }

  /** A struct of {@code type} with the given fields and nulls for the others (a cast needs every field). */
  private static Column filled(StructType type, Map<String, Column> given) {
    return struct(java.util.Arrays.stream(type.fields())
        .map(f -> given.getOrDefault(f.name(), lit(null)).cast(Conform.nullable(f.dataType())).as(f.name()))
        .toArray(Column[]::new));
  }
}
