package io.tessera.ingest;

import io.tessera.config.ConfigException;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles.InputFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;

/** The registry of source formats. */
public final class Readers {
  private static final Map<String, Reader> READERS = new LinkedHashMap<>();
  /** Formats that read survey questionnaires: benchmark sources ({@code split: test}) in quick mode. */
  private static final List<String> SURVEYS = List.of("wvs-questions", "menavalues");

  static {
    register(new LineReader("jsonl", "JSON lines with a field mapping (plain, .gz, .bz2, .zst)",
        (source, files, conf) -> new JsonlFormat(source)).withOptions("mapping", "preset"));
    register(new LineReader("reddit", "Pushshift / Arctic Shift comment and submission dumps (.zst, .gz, .bz2, plain)",
        (source, files, conf) -> new RedditFormat(AuthorHasher.fromEnvironment())));
    register(new LineReader("twitter", "Twitter/X API v2 pages (twarc) and v1.1 objects, one JSON value per line",
        (source, files, conf) -> new TwitterFormat(AuthorHasher.fromEnvironment())));
    register(new CsvReader());
    register(WikiXmlFormat.reader());
    register(CirrusFormat.reader());
    register(new LineReader("chat", "chat JSON lines: OpenAI messages or ShareGPT conversations",
        (source, files, conf) -> new ChatFormat()));
    register(new LineReader("wvs-questions", "survey questions as JSON lines: WVS-7 questionnaires (language from "
        + "the file name), CulturePark seed questions, Tessera survey items with distributions", SurveyFormat::create)
        .withOptions("language"));
    register(new MenaValuesReader());
    register(new LineReader("culturepark", "CulturePark role-play logs: culture, background, 'Name: text' turns",
        (source, files, conf) -> new CultureParkFormat()));
  }

  private Readers() {}

  private static void register(Reader reader) {
    READERS.put(reader.name(), reader);
  }

  public static List<String> names() {
    return List.copyOf(READERS.keySet());
  }

  public static Reader get(String name) {
    Reader reader = READERS.get(name);
    if (reader == null) {
      throw new ConfigException("unknown reader '" + name + "' (readers: " + String.join(", ", names()) + ")");
    }
    return reader;
  }

  /** The source keys a reader uses beyond the common ones. */
  public static Set<String> options(String name) {
    Reader reader = READERS.get(name);
    return reader == null ? Set.of() : reader.options();
  }

  /** Whether a format reads survey questionnaires (quick mode holds them out as benchmark sources). */
  public static boolean survey(String name) {
    return SURVEYS.contains(name);
  }

  /**
   * Reads one file as ingest does, without Spark: the reader's outcome rows ({@link Outcomes#SCHEMA}) and, for a
   * file that gave no record, its {@code unreadable_as_<format>} reject.
   */
  static List<Row> readAlone(SourceConfig source, InputFile file, Configuration conf) {
    List<Row> out = new ArrayList<>(get(source.format).readFile(source, file, conf));
    UnreadableFiles.reject(source.format, out).ifPresent(out::add);
    return out;
  }

  public static Map<String, String> descriptions() {
    Map<String, String> out = new LinkedHashMap<>();
    READERS.forEach((name, reader) -> out.put(name, reader.description()));
    return out;
  }
}
