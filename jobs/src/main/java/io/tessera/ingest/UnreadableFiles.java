package io.tessera.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A file with bytes that gave no record at all (no document, reject or skip: a CSV file given to the wikipedia-xml
 * reader) is itself rejected, reason {@code unreadable_as_<format>}, at position 0, so a wrong format never passes
 * as an empty source. Counted from the segment rows, summed over all the splits of a file.
 */
final class UnreadableFiles {
  static final String REASON_PREFIX = "unreadable_as_";
  private static final String MESSAGE_END = " bytes on disk gave no record: is this file in the source's format?";

  private UnreadableFiles() {}

  static String reason(String format) {
    return REASON_PREFIX + format;
  }

  /** The rejects ({@link Tables#REJECTS} columns) for the unreadable files among the outcomes; formatBySource. */
  static Dataset<Row> rejects(Dataset<Row> outcomes, Map<String, String> formatBySource) {
    Column format = lit(null).cast("string");
    for (Map.Entry<String, String> source : formatBySource.entrySet()) {
      format = when(col("source_name").equalTo(source.getKey()), lit(source.getValue())).otherwise(format);
    }
    return outcomes.where(col("outcome").equalTo(Outcomes.SEGMENT))
        .groupBy("source_name", "input_file")
        .agg(sum("segment_records").as("records"), sum("segment_bytes").as("bytes"))
        .where(col("records").equalTo(0).and(col("bytes").gt(0)))
        .select(col("source_name"), format.as("format"), col("input_file"), lit(0L).as("position"),
            lit(null).cast("long").as("line"), concat(lit(REASON_PREFIX), format).as("reason"),
            concat(col("bytes").cast("string"), lit(MESSAGE_END)).as("message"),
            lit(null).cast("string").as("snippet"));
  }

  /** The same rule for one file's outcome rows, read alone ({@link Reader#readFile}): a reject outcome row. */
  static Optional<Row> reject(String format, List<Row> outcomes) {
    long records = 0;
    long bytes = 0;
    Row segment = null;
    for (Row row : outcomes) {
      if (Outcomes.SEGMENT.equals(row.getAs("outcome"))) {
        segment = row;
        records += row.<Long>getAs("segment_records");
        bytes += row.<Long>getAs("segment_bytes");
      }
    }
    if (segment == null || records > 0 || bytes == 0) {
      return Optional.empty();
    }
    Row reject = new RowBuilder(Tables.REJECTS)
        .set("source_name", segment.getAs("source_name"))
        .set("format", format)
        .set("input_file", segment.getAs("input_file"))
        .set("position", 0L)
        .set("reason", reason(format))
        .set("message", bytes + MESSAGE_END)
        .build();
    return Optional.of(new RowBuilder(Outcomes.SCHEMA)
        .set("outcome", Outcomes.REJECT)
        .set("source_name", segment.getAs("source_name"))
        .set("reject", reject)
        .set("input_file", segment.getAs("input_file"))
        .build());
  }
}
