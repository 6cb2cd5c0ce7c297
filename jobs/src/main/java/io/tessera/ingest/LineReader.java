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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads line-oriented files with Hadoop's TextInputFormat ({@link DamageTolerantTextInputFormat}), so large plain and
 * .bz2 files are split across tasks and .gz files are decompressed on the fly; a damaged split ends in a reject. Every line is handed to a {@link LineFormat}; each split also emits a
 * segment row with its line count, from which ingest derives exact line numbers for rejects.
 */
final class LineReader implements Reader {
  private final String name;
  private final String description;
  private final String recordDelimiter;
  private final LineFormat.Factory formatFactory;
  private Set<String> options = Set.of();
  private static final String DELIMITER_KEY = "textinputformat.record.delimiter";

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

  /** Declares the source keys this reader uses beyond the common ones (see {@link Reader#options()}). */
  LineReader withOptions(String... keys) {
    this.options = Set.of(keys);
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> options() {
    return options;
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
        job.getConfiguration().set(DELIMITER_KEY, recordDelimiter);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SourceInfo info = SourceInfo.of(source);
    boolean numberLines = recordDelimiter == null;
    LineFormat format = formatFactory.create(source, files, spark.sparkContext().hadoopConfiguration());
    JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopRDD(
        job.getConfiguration(), DamageTolerantTextInputFormat.class, LongWritable.class, Text.class);
    JavaRDD<Row> outcomes = lines.mapPartitionsWithInputSplit(
        (split, it) -> parseSplit(split, it, info, format, numberLines), true);
    return spark.createDataFrame(outcomes, Outcomes.SCHEMA);
  }

  @Override
  public List<Row> readFile(SourceConfig source, InputFile file, Configuration conf) {
    Configuration local = new Configuration(conf);
    if (recordDelimiter != null) {
      local.set(DELIMITER_KEY, recordDelimiter);
    }
    FileSplit split = new FileSplit(new Path(file.path()), 0, file.bytes(), new String[0]);
    TaskAttemptContext task = new TaskAttemptContextImpl(local, new TaskAttemptID());
    LineFormat format = formatFactory.create(source, List.of(file), conf);
    List<Row> out = new ArrayList<>();
    try (RecordReader<LongWritable, Text> reader = new DamageTolerantTextInputFormat().createRecordReader(split, task)) {
      reader.initialize(split, task);
      Iterator<scala.Tuple2<LongWritable, Text>> lines = new Iterator<>() {
        Boolean ahead;

        @Override
        public boolean hasNext() {
          try {
            if (ahead == null) {
              ahead = reader.nextKeyValue();
            }
            return ahead;
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }

        @Override
        public scala.Tuple2<LongWritable, Text> next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          ahead = null;
          try {
            return new scala.Tuple2<>(reader.getCurrentKey(), reader.getCurrentValue());
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
      };
      parseSplit(split, lines, SourceInfo.of(source), format, recordDelimiter == null).forEachRemaining(out::add);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot read " + file.path(), e);
    }
    return out;
  }

  private static Iterator<Row> parseSplit(InputSplit split, Iterator<scala.Tuple2<LongWritable, Text>> lines,
      SourceInfo source, LineFormat format, boolean numberLines) {
    FileSplit fileSplit = (FileSplit) split;
    String file = fileSplit.getPath().toString();
    RecordContext context = new RecordContext(source, file);
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
            Text text = next._2();
            if (DamageTolerantTextInputFormat.isDamage(next._1())) {
              String[] damage = text.toString().split("\t", 2);
              collector.damage(context, numberLines ? lineInSegment + 1 : null, damage[0], damage[1],
                  DamageTolerantTextInputFormat.damageOffset(next._1()));
              continue;
            }
            lineInSegment++;
            long offset = next._1().get();
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
              collector.endRecord();
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
            buffer.add(collector.segment(lineInSegment + 1, fileSplit.getLength()));
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
