package io.tessera.ingest;

import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles.InputFile;
import io.tessera.ingest.RecordContext.SourceInfo;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads UTF-16 files (byte-order mark first) whole, one task per file, cutting records at a delimiter and handing
 * them to a {@link LineFormat}: the path for the rare dumps Hadoop's byte-level splitting cannot cut. Positions are
 * byte offsets (two bytes per UTF-16 code unit after the mark). A damaged file ends in a reject after the records
 * read before the damage.
 */
final class WholeFileRecordReader implements Serializable {
  private static final int BOM_BYTES = 2;
  private final String delimiter;
  private final LineFormat format;

  WholeFileRecordReader(String delimiter, LineFormat format) {
    this.delimiter = delimiter;
    this.format = format;
  }

  Dataset<Row> read(SparkSession spark, SourceConfig source, List<InputFile> files) {
    HadoopSettings hadoop = HadoopSettings.of(spark.sparkContext().hadoopConfiguration());
    SourceInfo info = SourceInfo.of(source);
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(files, Math.max(1, files.size()))
        .mapPartitions(it -> readAll(it, info, hadoop)), Outcomes.SCHEMA);
  }

  private Iterator<Row> readAll(Iterator<InputFile> files, SourceInfo source, HadoopSettings hadoop)
      throws IOException {
    Configuration conf = hadoop.toConfiguration();
    List<Row> out = new ArrayList<>();
    while (files.hasNext()) {
      out.addAll(readFile(files.next(), source, conf));
    }
    return out.iterator();
  }

  List<Row> readFile(InputFile file, SourceInfo source, Configuration conf) throws IOException {
    Deque<Row> buffer = new ArrayDeque<>();
    OutcomeCollector collector = new OutcomeCollector(source.name(), file.path(), 0, buffer);
    RecordContext context = new RecordContext(source, file.path());
    try (TrackedInput tracked = TrackedInput.open(file.path(), conf);
         InputStream in = new BufferedInputStream(tracked)) {
      try {
        in.mark(BOM_BYTES);
        Charset charset = WikiSiteInfo.charsetOf(in.readNBytes(BOM_BYTES));
        Reader reader = new InputStreamReader(in, charset);
        // Stream the text, cutting a record at each delimiter: memory stays one record, whatever the file size.
        StringBuilder pending = new StringBuilder();
        long consumed = 0;
        char[] chunk = new char[1 << 16];
        for (int n; (n = reader.read(chunk)) > 0; ) {
          pending.append(chunk, 0, n);
          for (int end; (end = pending.indexOf(delimiter)) >= 0; ) {
            emit(pending.substring(0, end), consumed, context, collector);
            consumed += end + delimiter.length();
            pending.delete(0, end + delimiter.length());
          }
        }
        emit(pending.toString(), consumed, context, collector);
      } catch (IOException e) {
        if (tracked.failure() == null) {
          throw e;
        }
        // The record cut by the damage is not emitted: the damage reject stands for it.
      }
      if (tracked.failure() != null) {
        collector.damage(context, null, tracked.failure(), tracked.offset());
      }
    }
    List<Row> out = new ArrayList<>(buffer);
    out.add(collector.segment(0, file.bytes()));
    return out;
  }

  private void emit(String record, long charOffset, RecordContext context, OutcomeCollector collector) {
    if (record.isBlank()) {
      return;
    }
    context.at(BOM_BYTES + 2L * charOffset);
    byte[] raw = record.getBytes(StandardCharsets.UTF_8);
    collector.startRecord(context, null, raw, raw.length);
    try {
      format.parse(record, context, collector);
    } catch (RuntimeException e) {
      collector.reject("parse_error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    collector.endRecord();
  }
}
