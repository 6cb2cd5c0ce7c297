package io.tessera.bench;

import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles;
import io.tessera.ingest.InputFiles.InputFile;
import io.tessera.ingest.Readers;
import io.tessera.pipeline.SparkSessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Reader throughput per format on one core (local[1]), side by side with the cost of only decompressing and cutting
 * the same files into records (Hadoop's TextInputFormat with the reader's delimiter), in one JVM. Inputs are the
 * shared fixtures, repeated to a size worth timing. Prints a Markdown table (median of the runs) for
 * docs/performance.md. Run: scripts/bench ingest [RUNS] [TARGET_MB]
 */
public final class IngestBench {
  private record Case(String format, String delimiter, List<Path> inputs) {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    long targetBytes = (args.length > 1 ? Long.parseLong(args[1]) : 40) * 1024 * 1024;
    Path fixtures = Path.of(System.getProperty("tessera.fixtures", "../shared/fixtures")).toAbsolutePath();
    Path work = Files.createTempDirectory("tessera-bench");
    Path repo = Path.of(System.getProperty("tessera.repo", ".")).toAbsolutePath();

    String enwiki = decompress(fixtures.resolve("wikipedia/enwiki-pages-articles-excerpt.xml.bz2"));
    String wikiBody = enwiki.substring(enwiki.indexOf("<page>"), enwiki.lastIndexOf("</page>") + 7);
    String wikiHead = enwiki.substring(0, enwiki.indexOf("<page>"));
    List<Case> cases = List.of(
        new Case("jsonl", null, List.of(repeat(work, "posts.jsonl", targetBytes, repo.resolve("data/sample/posts.jsonl")))),
        new Case("reddit", null, List.of(repeat(work, "RC.ndjson", targetBytes,
            fixtures.resolve("reddit/test_comments.ndjson"), fixtures.resolve("reddit/test_submissions.ndjson")))),
        new Case("twitter", null, List.of(repeat(work, "tweets.jsonl", targetBytes,
            fixtures.resolve("twitter/twitter-v2-twarc/kpop.jsonl"), fixtures.resolve("twitter/twitter-v2-twarc/brexit.jsonl")))),
        new Case("wikipedia-xml", "</page>", List.of(repeatWiki(work, wikiHead, wikiBody, targetBytes))),
        new Case("wikipedia-xml", "</page>", List.of(fixtures.resolve("wikipedia/enwiki-pages-articles-excerpt.xml.bz2"))),
        new Case("culturepark", null, List.of(repeat(work, "culturepark.jsonl", targetBytes / 4,
            repo.resolve("data/sample/dialogues/culturepark.jsonl")))),
        new Case("chat", null, List.of(repeat(work, "chat.jsonl", targetBytes / 4, repo.resolve("data/sample/chat/chat.jsonl")))),
        new Case("wvs-questions", null, List.of(repeat(work, "questions.jsonl", targetBytes / 4,
            fixtures.resolve("surveys/wvs7-multilingual-questions/questions__WV7_English.jsonl")))));

    SparkSession spark = SparkSessions.getOrCreate(ConfigLoader.quick(List.of("jsonl=" + work), work.toString(),
        List.of("spark.master=local[1]", "spark.app_name=tessera-bench")));
    spark.sparkContext().setLogLevel("WARN");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    System.out.println("| format | input | MB (decompressed) | outcome rows | decompress + cut MB/s | reader MB/s | reader / cut |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Case c : cases) {
      long bytes = 0;
      for (Path p : c.inputs()) {
        bytes += p.toString().endsWith(".bz2") ? decompress(p).getBytes(java.nio.charset.StandardCharsets.UTF_8).length
            : Files.size(p);
      }
      TesseraConfig config = ConfigLoader.quick(List.of(c.format() + "=" + c.inputs().get(0)), work.resolve("out").toString(),
          List.of());
      SourceConfig source = config.sources.get(0);
      List<InputFile> files = InputFiles.list(source.path, spark.sparkContext().hadoopConfiguration());
      double[] cut = new double[runs];
      double[] read = new double[runs];
      long records = 0;
      for (int i = 0; i < runs; i++) {
        Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        if (c.delimiter() != null) {
          conf.set("textinputformat.record.delimiter", c.delimiter());
        }
        long t0 = System.nanoTime();
        jsc.newAPIHadoopFile(source.path, TextInputFormat.class, LongWritable.class, Text.class, conf).count();
        cut[i] = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        records = Readers.get(c.format()).read(spark, source, files).count();
        read[i] = (System.nanoTime() - t0) / 1e9;
      }
      double mb = bytes / 1024.0 / 1024.0;
      System.out.printf("| %s | %s | %.1f | %,d | %.1f | %.1f | %.2f |%n", c.format(), c.inputs().get(0).getFileName(),
          mb, records, mb / median(cut),
          mb / median(read), median(cut) / median(read));
    }
    spark.stop();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String decompress(Path bz2) throws IOException {
    try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(bz2), true)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The files' lines, concatenated and repeated until the target size. */
  private static Path repeat(Path work, String name, long target, Path... files) throws IOException {
    List<byte[]> parts = new ArrayList<>();
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      parts.add(bytes);
      if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
        parts.add(new byte[] {'\n'});
      }
    }
    Path out = work.resolve(name);
    try (OutputStream o = Files.newOutputStream(out)) {
      long written = 0;
      while (written < target) {
        for (byte[] p : parts) {
          o.write(p);
          written += p.length;
        }
      }
    }
    return out;
  }

  private static Path repeatWiki(Path work, String head, String body, long target) throws IOException {
    Path out = work.resolve("enwiki-bench-pages-articles.xml");
    try (OutputStream o = Files.newOutputStream(out)) {
      byte[] h = head.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] b = (body + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      o.write(h);
      for (long written = h.length; written < target; written += b.length) {
        o.write(b);
      }
      o.write("</mediawiki>\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }
}
