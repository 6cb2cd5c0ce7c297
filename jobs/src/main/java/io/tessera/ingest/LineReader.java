package io.tessera.ingest;

import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles.InputFile;
import io.tessera.ingest.RecordContext.SourceInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads line-oriented files with Hadoop's TextInputFormat, so large plain and .bz2 files are split across tasks
 * and .gz files are decompressed on the fly. Every line is handed to a {@link LineFormat}; each split also emits a
 * segment row with its line count, from which ingest derives exact line numbers for rejects.
 */
final class LineReader implements Reader {
  private final String name;
  private final String description;
  private final String recordDelimiter;
  private final LineFormat.Factory formatFactory;

  /** A reader of newline-delimited records. */
  LineReader(String name, String description, LineFormat.Factory formatFactory) {
    this(name, description, null, formatFactory);
  }

  /** A reader of records that end with {@code recordDelimiter} (e.g. {@code </page>}). */
  LineReader(String name, String description, String recordDelimiter, LineFormat.Factory formatFactory) {
    this.name = name;
    this.description = description;
    this.recordDelimiter = recordDelimiter;
    this.formatFactory = formatFactory;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Dataset<Row> read(SparkSession spark, SourceConfig source, List<InputFile> files) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Job job;
    try {
      job = Job.getInstance(spark.sparkContext().hadoopConfiguration());
      FileInputFormat.setInputPaths(job, files.stream().map(f -> new Path(f.path())).toArray(Path[]::new));
      if (recordDelimiter != null) {
        job.getConfiguration().set("textinputformat.record.delimiter", recordDelimiter);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> relativeNames = new HashMap<>();
    files.forEach(f -> relativeNames.put(f.path(), f.relativeName()));
    SourceInfo info = SourceInfo.of(source);
    boolean numberLines = recordDelimiter == null;
    LineFormat format = formatFactory.create(source, files, spark.sparkContext().hadoopConfiguration());
    JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopRDD(
        job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);
    JavaRDD<Row> outcomes = lines.mapPartitionsWithInputSplit(
        (split, it) -> parseSplit(split, it, info, format, relativeNames, numberLines), true);
    return spark.createDataFrame(outcomes, Outcomes.SCHEMA);
  }

  private static Iterator<Row> parseSplit(InputSplit split, Iterator<scala.Tuple2<LongWritable, Text>> lines,
      SourceInfo source, LineFormat format, Map<String, String> relativeNames, boolean numberLines) {
    FileSplit fileSplit = (FileSplit) split;
    String file = fileSplit.getPath().toString();
    RecordContext context = new RecordContext(source, file, relativeNames.getOrDefault(file, fileSplit.getPath().getName()));
    long segmentStart = fileSplit.getStart();
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    Deque<Row> buffer = new ArrayDeque<>();
    OutcomeCollector collector = new OutcomeCollector(source.name(), file, segmentStart, buffer);
    return new Iterator<>() {
      long lineInSegment = -1;
      boolean segmentEmitted;

      @Override
      public boolean hasNext() {
        while (buffer.isEmpty()) {
          if (lines.hasNext()) {
            scala.Tuple2<LongWritable, Text> next = lines.next();
            lineInSegment++;
            long offset = next._1().get();
            Text text = next._2();
            if (text.getLength() == 0 || isBlank(text)) {
              continue;
            }
            context.at(offset);
            collector.startRecord(context, numberLines ? lineInSegment : null, text.getBytes(), text.getLength());
            String line;
            try {
              line = utf8.decode(ByteBuffer.wrap(text.getBytes(), 0, text.getLength())).toString();
            } catch (CharacterCodingException e) {
              collector.reject("invalid_utf8", "the line is not valid UTF-8");
              continue;
            }
            if (offset == 0 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
              line = line.substring(1);
            }
            try {
              format.parse(line, context, collector);
            } catch (RuntimeException e) {
              collector.reject("parse_error", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            collector.endRecord();
          } else if (!segmentEmitted) {
            segmentEmitted = true;
            buffer.add(collector.segment(lineInSegment + 1));
          } else {
            return false;
          }
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return buffer.poll();
      }
    };
  }

  private static boolean isBlank(Text text) {
    byte[] bytes = text.getBytes();
    for (int i = 0; i < text.getLength(); i++) {
      if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
        return false;
      }
    }
    return true;
  }
}
