package io.tessera.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.TestBase;
import io.tessera.pipeline.RunPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.wikiclean.WikiClean;

/** The wikipedia-xml reader on the shared dump excerpts (counts from their PROVENANCE.md and grep) and on edge cases. */
class WikipediaXmlReaderTest extends TestBase {
  private static final Path WIKI = fixtures().resolve("wikipedia");
  private static final Path EXCERPT = WIKI.resolve("enwiki-pages-articles-excerpt.xml.bz2");
  private static final Pattern PAGE = Pattern.compile("<page>.*?</page>", Pattern.DOTALL);

  @TempDir
  Path dir;

  private RunPaths ingest(List<String> sources, String... overrides) {
    return ingestOnly(dir.resolve("out"), sources, overrides);
  }

  private Map<String, Long> skipped(RunPaths paths) {
    Map<String, Long> out = new HashMap<>();
    for (Row r : spark.read().parquet(paths.stageTable("ingest", "skipped")).collectAsList()) {
      out.merge(r.getAs("skip_reason"), r.<Long>getAs("count"), Long::sum);
    }
    return out;
  }

  private static String decompressed(Path bz2) throws IOException {
    try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(bz2), true)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void dumpExcerptsFragmentsAndSample() {
    RunPaths paths = ingest(List.of("wikipedia-xml=" + EXCERPT, "wikipedia-xml=" + WIKI.resolve("enwiki-table-markup.xml.bz2"),
        "wikipedia-xml=" + WIKI.resolve("fragments"), "wikipedia-xml=" + repo().resolve("data/sample/wiki")),
        "sources.2.name=fragments");
    Dataset<Row> docs = spark.read().parquet(paths.stageData("ingest")).cache();
    // 206 pages: 205 in namespace 0, one in 4; 100 redirects (the namespace-4 page among them): 106 articles.
    assertEquals(106, docs.where(col("source.name").startsWith("enwiki-pages")).count());
    assertEquals(106, docs.where(col("source.name").startsWith("enwiki-pages")).select("wiki.page_id").distinct().count());
    // No <siteinfo>: the wiki comes from the file name.
    assertEquals(5, docs.where(col("wiki.dbname").equalTo("enwiki").and(col("source.name").equalTo("enwiki-table-markup"))).count());
    assertEquals(19, docs.where(col("source.name").equalTo("fragments")).count());
    assertEquals(List.of("ca", "de", "en", "es", "fr", "nl", "pl", "pt", "ru", "zh"),
        docs.where(col("source.name").equalTo("fragments")).select("lang.source_declared").distinct()
            .orderBy("source_declared").as(Encoders.STRING()).collectAsList());
    assertEquals(Map.of("redirect", 100L, "namespace", 2L), skipped(paths));

    Row ugali = docs.where(col("title").equalTo("Ugali")).first();
    Row wiki = ugali.getAs("wiki");
    assertEquals(List.of("Vyakula vya Afrika"), wiki.getList(wiki.fieldIndex("categories")));
    assertEquals(List.of("Utamaduni"), wiki.getList(wiki.fieldIndex("sections")));
    Row link = (Row) wiki.getList(wiki.fieldIndex("interlanguage_links")).get(0);
    assertEquals("en", link.getAs("lang"));
    assertEquals("sw", ((Row) ugali.getAs("lang")).getAs("source_declared"));
    assertEquals("Ugali ni chakula kikuu katika Afrika Mashariki kinachopikwa kwa unga wa mahindi na maji.\n\n"
        + "Utamaduni\n\nKatika familia nyingi za Tanzania, ugali huliwa kwa mkono wa kulia pamoja na mboga, samaki au "
        + "nyama. Ni adabu kunawa mikono kabla ya kula.", ugali.getAs("text"));
    for (String markup : List.of("{{", "}}", "[[", "]]", "<ref", "{|", "|}", "<!--", "&lt;", "&amp;nbsp;")) {
      assertEquals(0, docs.where(col("text").contains(markup)).count(), "markup left: " + markup);
    }
  }

  @Test
  void multiBlockBz2IsReadByManyTasksWithNoPageLostOrDoubled() throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set("mapreduce.input.fileinputformat.split.maxsize", String.valueOf(256 * 1024));
    try {
      Job job = Job.getInstance(conf);
      FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(EXCERPT.toString()));
      int splits = new TextInputFormat().getSplits(job).size();
      assertTrue(splits >= 4, "splits: " + splits);
      RunPaths paths = ingest(List.of("wikipedia-xml=" + EXCERPT));
      Dataset<Row> docs = spark.read().parquet(paths.stageData("ingest"));
      assertEquals(106, docs.count());
      assertEquals(106, docs.select("wiki.page_id").distinct().count());
      assertEquals(Map.of("redirect", 99L, "namespace", 1L), skipped(paths));
      assertEquals(0, spark.read().parquet(paths.stageTable("ingest", "rejects")).count());
    } finally {
      conf.unset("mapreduce.input.fileinputformat.split.maxsize");
    }
  }

  @Test
  void truncatedDumpKeepsEveryCompletePageAndRejectsTheCut() throws IOException {
    String xml = decompressed(EXCERPT);
    Matcher pages = PAGE.matcher(xml);
    int n = 0;
    int cut = -1;
    int articlesBefore = 0;
    while (pages.find()) {
      if (++n == 60) {
        cut = pages.start() + (pages.end() - pages.start()) / 2;
        break;
      }
      String page = pages.group();
      if (page.contains("<ns>0</ns>") && !page.contains("<redirect")) {
        articlesBefore++;
      }
    }
    Path truncated = dir.resolve("enwiki-truncated.xml");
    byte[] kept = xml.substring(0, cut).getBytes(StandardCharsets.UTF_8);
    Files.write(truncated, kept);
    RunPaths paths = ingest(List.of("wikipedia-xml=" + truncated));
    assertEquals(articlesBefore, spark.read().parquet(paths.stageData("ingest")).count());
    List<Row> rejects = spark.read().parquet(paths.stageTable("ingest", "rejects")).collectAsList();
    assertEquals(1, rejects.size());
    assertEquals("truncated", rejects.get(0).getAs("reason"));
    assertTrue(rejects.get(0).<String>getAs("input_file").endsWith("enwiki-truncated.xml"));
    long offset = rejects.get(0).getAs("position");
    assertTrue(offset > 0 && offset < kept.length, "offset " + offset);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void externalEntitiesAreNeverResolvedAndEntityExpansionIsRefused() throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    StringBuilder laughs = new StringBuilder("<!ENTITY lol \"lol\">");
    for (int i = 1; i <= 9; i++) {
      laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
          .append("\">");
    }
    String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE mediawiki [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">"
        + laughs + "]>\n<mediawiki><siteinfo><dbname>xxwiki</dbname></siteinfo>\n"
        + page(1, "Leak", "&xxe;") + page(2, "Laughs", "&lol9;") + page(3, "Fine", "Plain text that is fine.")
        + "</mediawiki>\n";
    Path file = dir.resolve("xxwiki-hostile.xml");
    Files.writeString(file, xml);
    RunPaths paths = ingest(List.of("wikipedia-xml=" + file));
    Dataset<Row> docs = spark.read().parquet(paths.stageData("ingest"));
    assertEquals(List.of("Fine"), docs.select("title").as(Encoders.STRING()).collectAsList());
    assertEquals(0, docs.where(col("text").contains("TOP-SECRET")).count());
    assertEquals(2, spark.read().parquet(paths.stageTable("ingest", "rejects"))
        .where(col("reason").equalTo("malformed_xml")).count());
  }

  @Test
  void utf16DumpsWithAByteOrderMark() throws IOException {
    String xml = Files.readString(repo().resolve("data/sample/wiki/swwiki-sample-pages-articles.xml"));
    Path le = dir.resolve("swwiki-utf16le.xml");
    byte[] body = xml.getBytes(StandardCharsets.UTF_16LE);
    byte[] withBom = new byte[body.length + 2];
    withBom[0] = (byte) 0xFF;
    withBom[1] = (byte) 0xFE;
    System.arraycopy(body, 0, withBom, 2, body.length);
    Files.write(le, withBom);
    RunPaths paths = ingest(List.of("wikipedia-xml=" + le));
    Dataset<Row> docs = spark.read().parquet(paths.stageData("ingest"));
    assertEquals(3, docs.count());
    Row ugali = docs.where(col("title").equalTo("Ugali")).first();
    assertTrue(ugali.<String>getAs("text").startsWith("Ugali ni chakula kikuu"), ugali.<String>getAs("text"));
    assertEquals("swwiki", ((Row) ugali.getAs("wiki")).getAs("dbname"));
    // A record starts right after the previous </page>: two bytes per UTF-16 unit, after the mark.
    long kanga = ((Row) docs.where(col("title").equalTo("Kanga")).first().getAs("source")).getAs("position");
    assertEquals(2 + 2L * (xml.indexOf("</page>") + "</page>".length()), kanga);
    assertEquals(Map.of("redirect", 1L, "namespace", 1L), skipped(paths));
  }

  @Test
  void cirrusSearchPairsOldAndNew() throws Exception {
    Path cirrus = Path.of(getClass().getResource("/cirrus/swwiki-20240101-cirrussearch-content.json").toURI());
    RunPaths paths = ingest(List.of("wikipedia-cirrus=" + cirrus));
    Dataset<Row> docs = spark.read().parquet(paths.stageData("ingest"));
    assertEquals(List.of("Harusi ya Kiswahili", "Kanga", "Ugali"),
        docs.select("title").orderBy("title").as(Encoders.STRING()).collectAsList());
    Row ugali = docs.where(col("title").equalTo("Ugali")).first();
    Row wiki = ugali.getAs("wiki");
    assertEquals("swwiki", wiki.getAs("dbname"));
    assertEquals(1001L, (Long) wiki.getAs("page_id"));
    assertEquals(List.of("Vyakula vya Afrika"), wiki.getList(wiki.fieldIndex("categories")));
    assertEquals("sw", ((Row) ugali.getAs("lang")).getAs("source_declared"));
    assertEquals(Map.of("namespace", 1L), skipped(paths));
    List<Row> rejects = spark.read().parquet(paths.stageTable("ingest", "rejects")).collectAsList();
    assertEquals(1, rejects.size());
    assertEquals(7L, (Long) rejects.get(0).getAs("line"));
  }

  private static String page(int id, String title, String text) {
    return "<page><title>" + title + "</title><ns>0</ns><id>" + id + "</id><revision><id>" + (100 + id)
        + "</id><timestamp>2024-01-01T00:00:00Z</timestamp><text>" + text + "</text></revision></page>\n";
  }

  /**
   * Agreement with WikiClean (lintool/wikiclean 1.1), a published wikitext cleaner, on the enwiki excerpt's
   * articles: mean token F1 between the two plain texts. The figure is in docs/ingest.md.
   */
  @Test
  void agreesWithWikiCleanOnTheEnwikiExcerpt() throws IOException {
    RunPaths paths = ingest(List.of("wikipedia-xml=" + EXCERPT));
    Map<Long, String> ours = new HashMap<>();
    for (Row r : spark.read().parquet(paths.stageData("ingest")).select("wiki.page_id", "text").collectAsList()) {
      ours.put(r.getLong(0), r.getString(1));
    }
    WikiClean reference = new WikiClean.Builder().withTitle(false).withFooter(false).build();
    Matcher pages = PAGE.matcher(decompressed(EXCERPT));
    Pattern id = Pattern.compile("<id>(\\d+)</id>");
    double sum = 0;
    int compared = 0;
    while (pages.find()) {
      Matcher m = id.matcher(pages.group());
      String mine = m.find() ? ours.get(Long.parseLong(m.group(1))) : null;
      if (mine == null) {
        continue;
      }
      sum += tokenF1(mine, reference.clean(pages.group()));
      compared++;
    }
    double meanF1 = sum / compared;
    System.out.printf("wikitext cleaner vs WikiClean 1.1: %d articles, mean token F1 %.3f%n", compared, meanF1);
    assertEquals(106, compared);
    assertTrue(meanF1 >= 0.85, "mean token F1 " + meanF1);
  }

  /** F1 of the two texts' bags of lower-cased word tokens. */
  static double tokenF1(String a, String b) {
    Map<String, Integer> left = bag(a);
    Map<String, Integer> right = bag(b);
    int common = 0;
    for (Map.Entry<String, Integer> e : left.entrySet()) {
      common += Math.min(e.getValue(), right.getOrDefault(e.getKey(), 0));
    }
    int sizeA = left.values().stream().mapToInt(Integer::intValue).sum();
    int sizeB = right.values().stream().mapToInt(Integer::intValue).sum();
    if (sizeA == 0 && sizeB == 0) {
      return 1.0;
    }
    return sizeA == 0 || sizeB == 0 ? 0.0 : 2.0 * common / (sizeA + sizeB);
  }

  private static Map<String, Integer> bag(String text) {
    Map<String, Integer> bag = new HashMap<>();
    for (String token : text.toLowerCase().split("[^\\p{L}\\p{N}]+")) {
      if (!token.isEmpty()) {
        bag.merge(token, 1, Integer::sum);
      }
    }
    return bag;
  }
}
