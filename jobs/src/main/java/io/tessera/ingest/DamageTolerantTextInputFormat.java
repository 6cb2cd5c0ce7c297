package io.tessera.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;

/**
 * Hadoop's TextInputFormat, except that a split which cannot be read to its end (a cut or corrupt .gz, .bz2, .zst)
 * ends with one damage record instead of failing the task: its key is {@code -1 - offset}, where offset is the end
 * of the last record read (in the decompressed stream), and its value is {@code reason TAB message}
 * ({@link Damage}). The records before the damage are delivered as usual.
 */
public final class DamageTolerantTextInputFormat extends TextInputFormat {
  @Override
  public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new Tolerant(super.createRecordReader(split, context), delimiterLength(context));
  }

  /** Whether a record from this format is a damage record. */
  static boolean isDamage(LongWritable key) {
    return key.get() < 0;
  }

  static long damageOffset(LongWritable key) {
    return -1 - key.get();
  }

  private static int delimiterLength(TaskAttemptContext context) {
    String delimiter = context.getConfiguration().get("textinputformat.record.delimiter");
    return delimiter == null ? 1 : delimiter.getBytes(StandardCharsets.UTF_8).length;
  }

  private static final class Tolerant extends RecordReader<LongWritable, Text> {
    private final RecordReader<LongWritable, Text> lines;
    private final int delimiterLength;
    private long end;
    private LongWritable damageKey;
    private Text damageValue;
    private boolean done;

    Tolerant(RecordReader<LongWritable, Text> lines, int delimiterLength) {
      this.lines = lines;
      this.delimiterLength = delimiterLength;
    }

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) throws IOException, InterruptedException {
      end = ((FileSplit) split).getStart();
      try {
        lines.initialize(split, context);
      } catch (IOException | RuntimeException e) {
        damaged(e);
      }
    }

    @Override
    public boolean nextKeyValue() throws IOException, InterruptedException {
      if (done) {
        return false;
      }
      if (damageKey != null) {
        done = true;
        return true;
      }
      try {
        if (lines.nextKeyValue()) {
          end = lines.getCurrentKey().get() + lines.getCurrentValue().getLength() + delimiterLength;
          return true;
        }
        done = true;
        return false;
      } catch (IOException | RuntimeException e) {
        damaged(e);
        done = true;
        return true;
      }
    }

    private void damaged(Exception e) {
      damageKey = new LongWritable(-1 - end);
      damageValue = new Text(Damage.reason(e) + "\t" + Damage.message(e, end));
    }

    @Override
    public LongWritable getCurrentKey() throws IOException, InterruptedException {
      return damageKey != null && done ? damageKey : lines.getCurrentKey();
    }

    @Override
    public Text getCurrentValue() throws IOException, InterruptedException {
      return damageKey != null && done ? damageValue : lines.getCurrentValue();
    }

    @Override
    public float getProgress() throws IOException, InterruptedException {
      return done ? 1f : lines.getProgress();
    }

    @Override
    public void close() throws IOException {
      try {
        lines.close();
      } catch (IOException | RuntimeException e) {
        if (damageKey == null) {
          throw e;
        }
      }
    }
  }
}
