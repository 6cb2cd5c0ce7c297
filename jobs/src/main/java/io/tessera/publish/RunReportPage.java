package io.tessera.publish;

import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.pipeline.HadoopFiles;
import io.tessera.pipeline.RunPaths;
import io.tessera.pipeline.StageNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code OUTPUT/report.html}: one self-contained page (inline data, inline script drawing SVG bar charts; no
 * network) with the published languages, cultures and topics, duplicate rates, drop reasons and the training
 * split's cultures before and after balance. Built from small aggregates and the stage markers.
 */
final class RunReportPage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TOP = 30;

  private RunReportPage() {}

  /** {@code partitions}: published records per (split, culture, language), as for the dataset card. */
  static String render(Dataset<Row> published, Dataset<Row> partitions, long total, RunPaths paths,
      HadoopFiles files) {
    ObjectNode data = JSON.createObjectNode();
    data.put("summary", total + " published records. Counts per stage and source, and every dropped record's"
        + " reason: _tessera/run.json.");
    ArrayNode sections = data.putArray("sections");
    section(sections, "Languages (published)", "count",
        series("records", counts(partitions.groupBy("language").agg(sum("count").as("count")))));
    section(sections, "Cultures (published, primary)", "count",
        series("records", counts(partitions.groupBy("culture").agg(sum("count").as("count")))));
    section(sections, "Topics (published, top level)", "count", series("records", counts(published
        .selectExpr("doc_id", "explode(transform(topic_tags, t -> split(t.code, '\\\\.')[0])) as topic")
        .distinct().groupBy("topic").count())));
    JsonNode dedup = stats(paths, files, StageNames.DEDUP);
    section(sections, "Duplicate rate by source", "percent", series("duplicates",
        dedup.path("duplicate_rate_by_source")));
    ObjectNode reasons = JSON.createObjectNode();
    for (String stage : List.of(StageNames.INGEST, StageNames.SELECT, StageNames.SPLIT)) {
      marker(paths, files, stage).path("result").path("dropped").fields()
          .forEachRemaining(e -> reasons.put(e.getKey(), reasons.path(e.getKey()).asLong() + e.getValue().asLong()));
    }
    section(sections, "Records not published, by reason", "count", series("records", reasons));
    JsonNode split = stats(paths, files, StageNames.SPLIT);
    section(sections, "Training split by culture, before and after balance", "count",
        series("before", split.path("train_cultures_before")), series("after", split.path("train_cultures_after")));
    return template().replace("__TESSERA_DATA__", data.toString().replace("</", "<\\/"));
  }

  private static ObjectNode series(String name, JsonNode values) {
    ObjectNode s = JSON.createObjectNode();
    s.put("name", name);
    ObjectNode top = s.putObject("values");
    int n = 0;
    var it = values.fields();
    while (it.hasNext() && n++ < TOP) {
      var e = it.next();
      top.set(e.getKey(), e.getValue());
    }
    return s;
  }

  private static void section(ArrayNode sections, String title, String format, ObjectNode... series) {
    ObjectNode section = sections.addObject();
    section.put("title", title);
    section.put("format", format);
    ArrayNode list = section.putArray("series");
    for (ObjectNode s : series) {
      list.add(s);
    }
  }

  /** Value counts, largest first. */
  private static ObjectNode counts(Dataset<Row> counted) {
    ObjectNode values = JSON.createObjectNode();
    counted.orderBy(counted.col("count").desc(), counted.col(counted.columns()[0])).limit(TOP).collectAsList()
        .forEach(r -> values.put(r.isNullAt(0) ? "null" : r.get(0).toString(), r.getLong(1)));
    return values;
  }

  private static JsonNode stats(RunPaths paths, HadoopFiles files, String stage) {
    return marker(paths, files, stage).path("result").path("stats");
  }

  private static JsonNode marker(RunPaths paths, HadoopFiles files, String stage) {
    try {
      return files.exists(paths.marker(stage)) ? JSON.readTree(files.read(paths.marker(stage)))
          : JSON.createObjectNode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String template() {
    try (InputStream in = RunReportPage.class.getClassLoader().getResourceAsStream("report/report.html")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
