package io.tessera.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.tessera.config.TesseraConfig.DialogueField;
import io.tessera.config.TesseraConfig.FieldMapping;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles.InputFile;
import io.tessera.ingest.RecordContext.SourceInfo;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * CSV files with a header row and a field mapping (a preset such as {@code normdial} or inline). Quoted fields may
 * span lines, so a file cannot be split: files are read in parallel, one task per file. A field holding a whole
 * dialogue is parsed into turns by a pattern. Positions are the record's character offset; rejects carry the line.
 */
final class CsvReader implements Reader {
  @Override
  public String name() {
    return "csv";
  }

  @Override
  public Set<String> options() {
    return Set.of("mapping", "preset", "delimiter", "path_fields", "dialogue");
  }

  @Override
  public String description() {
    return "CSV with a header and a field mapping or preset (--source csv:normdial=PATH); one task per file";
  }

  @Override
  public Dataset<Row> read(SparkSession spark, SourceConfig source, List<InputFile> files) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Settings settings = Settings.of(source, spark.sparkContext().hadoopConfiguration());
    JavaRDD<Row> outcomes = jsc.parallelize(files, Math.max(1, files.size()))
        .mapPartitions(it -> readFiles(it, settings));
    return spark.createDataFrame(outcomes, Outcomes.SCHEMA);
  }

  @Override
  public List<Row> readFile(SourceConfig source, InputFile file, Configuration conf) {
    try {
      return readFile(file, Settings.of(source, conf), conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Settings(SourceInfo source, FieldMapping mapping, DialogueField dialogue, String pathFields,
      String delimiter, HadoopSettings hadoop) implements Serializable {
    static Settings of(SourceConfig source, Configuration conf) {
      return new Settings(SourceInfo.of(source), source.mapping, source.dialogue, source.pathFields,
          source.delimiter, HadoopSettings.of(conf));
    }
  }

  private static Iterator<Row> readFiles(Iterator<InputFile> files, Settings settings) throws IOException {
    Configuration conf = settings.hadoop().toConfiguration();
    List<Row> out = new ArrayList<>();
    while (files.hasNext()) {
      out.addAll(readFile(files.next(), settings, conf));
    }
    return out.iterator();
  }

  private static List<Row> readFile(InputFile file, Settings s, Configuration conf) throws IOException {
    Deque<Row> buffer = new ArrayDeque<>();
    OutcomeCollector collector = new OutcomeCollector(s.source().name(), file.path(), 0, buffer);
    RecordContext context = new RecordContext(s.source(), file.path());
    Map<String, String> pathFields = pathFields(s.pathFields(), file.relativeName());
    List<Pattern> turnPatterns = s.dialogue() == null ? null
        : s.dialogue().turnPatterns.stream().map(Pattern::compile).toList();
    CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(s.delimiter().charAt(0));
    long lines = 0;
    try (TrackedInput in = TrackedInput.open(file.path(), conf);
         BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      MappingIterator<Map<String, String>> rows = null;
      try {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
          reader.reset();
        }
        rows = new CsvMapper().readerFor(Map.class).with(schema).readValues(reader);
      } catch (IOException e) {
        // Only a damaged file fails before its first row; the damage check below reports it.
      }
      while (rows != null && in.failure() == null) {
        JsonLocation start = rows.getParser().currentLocation();
        Map<String, String> row;
        try {
          if (!rows.hasNextValue()) {
            break;
          }
          row = rows.nextValue();
        } catch (IOException | RuntimeException e) {
          if (in.failure() != null) {
            break;
          }
          context.at(start.getCharOffset());
          byte[] snippet = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
          collector.startRecord(context, (long) start.getLineNr() - 1, snippet, snippet.length);
          collector.reject("malformed_csv", e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0]);
          collector.endRecord();
          if (rows.getParser().currentLocation().getCharOffset() <= start.getCharOffset()) {
            break;
          }
          continue;
        }
        context.at(start.getCharOffset());
        byte[] rawRow = String.join(s.delimiter(), row.values()).getBytes(StandardCharsets.UTF_8);
        collector.startRecord(context, (long) start.getLineNr() - 1, rawRow, rawRow.length);
        parseRow(row, context, collector, s, pathFields, turnPatterns);
        collector.endRecord();
      }
      if (rows != null) {
        lines = rows.getParser().currentLocation().getLineNr();
      }
      if (in.failure() != null) {
        collector.damage(context, Math.max(0, lines - 1), in.failure(), in.offset());
      }
    }
    List<Row> out = new ArrayList<>(buffer);
    out.add(collector.segment(lines, file.bytes()));
    return out;
  }

  private static void parseRow(Map<String, String> row, RecordContext context, Emitter out, Settings s,
      Map<String, String> pathFields, List<Pattern> turnPatterns) {
    FieldMapping m = s.mapping();
    List<Dialogues.Turn> turns = null;
    String text = first(row, m.text);
    if (turnPatterns != null) {
      String dialogue = row.get(s.dialogue().field);
      if (dialogue == null || dialogue.isBlank()) {
        out.skip("missing_text");
        return;
      }
      turns = new ArrayList<>();
      for (String line : dialogue.split("\\R")) {
        for (Pattern pattern : turnPatterns) {
          Matcher t = pattern.matcher(line.trim());
          if (t.matches()) {
            turns.add(new Dialogues.Turn(t.group("speaker").trim(), "persona", t.group("text").trim(),
                hasGroup(pattern, "label") ? t.group("label") : null));
            break;
          }
        }
      }
      if (turns.isEmpty()) {
        out.reject("no_turns", "no line of '" + s.dialogue().field + "' matches a turn pattern");
        return;
      }
      text = Dialogues.text(turns);
    }
    if (text == null) {
      out.skip("missing_text");
      return;
    }
    String id = first(row, m.id);
    RowBuilder doc = context.newDocument(id != null ? id : RecordContext.contentId(String.join("\u001F", row.values())),
        first(row, m.uri));
    doc.set("text", text);
    doc.set("title", first(row, m.title));
    String created = first(row, m.createdAt);
    doc.set("created_at", created == null ? null : Timestamps.parse(created));
    String declared = first(row, m.language);
    if (declared != null) {
      doc.set("lang", Documents.declaredLanguage(declared));
    }
    String nsfw = first(row, m.nsfw);
    doc.set("quality", Documents.quality(text, nsfw == null ? null : Boolean.parseBoolean(nsfw)));
    Map<String, String> meta = new LinkedHashMap<>(pathFields);
    for (String field : m.metadata) {
      String value = row.get(field);
      if (value != null && !value.isEmpty()) {
        meta.put(field, value);
      }
    }
    if (!meta.isEmpty()) {
      doc.set("metadata", meta);
    }
    if (turns != null) {
      Set<String> speakers = new LinkedHashSet<>();
      turns.forEach(t -> speakers.add(t.speaker()));
      List<Row> personas = new ArrayList<>();
      for (String speaker : speakers) {
        personas.add(new RowBuilder(Tables.PERSONA).set("name", speaker).set("culture", pathFields.get("culture"))
            .set("role", "persona").build());
      }
      doc.set("dialogue", Dialogues.turns(turns, new RowBuilder(Tables.DIALOGUE).set("personas", personas)));
    }
    out.document(doc.build());
  }

  private static String first(Map<String, String> row, List<String> fields) {
    for (String field : fields) {
      String value = row.get(field);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  private static boolean hasGroup(Pattern pattern, String group) {
    return pattern.pattern().contains("(?<" + group + ">");
  }

  /** The named groups of the pattern's first match in the file's relative path. */
  static Map<String, String> pathFields(String regex, String relativePath) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (regex == null) {
      return fields;
    }
    Matcher m = Pattern.compile(regex).matcher(relativePath);
    if (m.find()) {
      Matcher names = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(regex);
      while (names.find()) {
        String value = m.group(names.group(1));
        if (value != null) {
          fields.put(names.group(1), value);
        }
      }
    }
    return fields;
  }
}
