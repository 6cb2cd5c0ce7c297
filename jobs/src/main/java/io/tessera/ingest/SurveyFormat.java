package io.tessera.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles.InputFile;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;

/**
 * Survey questions as JSON lines, one question in one language per line, in any of these shapes:
 * <ul>
 *   <li>Tessera's survey items: {@code instrument, question_id, language, question, options[], scale, category,
 *       distributions{POPULATION: [share per option]}};</li>
 *   <li>WVS-7 questionnaire files ({@code id, question, choices[], choice_keys[]}), the language from the file name
 *       ({@code questions__WV7_Korean.jsonl}) or the source's language;</li>
 *   <li>CulturePark's seed questions ({@code topic, q_id, q_content, option: "1. Agree 2. Disagree"});</li>
 *   <li>MENAValues' questions ({@code question_id, sub_question, full_question, scale_min, scale_max, category});
 *       their per-country distributions are joined in by {@link MenaValuesReader}.</li>
 * </ul>
 * Distributions are normalised to sum 1 per population; one whose length differs from the options is rejected.
 * Populations given as country names become ISO 3166-1 codes.
 */
final class SurveyFormat implements LineFormat {
  private static final Pattern NUMBERED_OPTION = Pattern.compile("(\\d+)[.)]\\s*(.+?)(?=\\s+\\d+[.)]\\s|$)");
  /** MENAValues' and WVS' item names: "Q97: Active/Inactive membership: labor union" (number, battery, item). */
  private static final Pattern NAMED_ITEM = Pattern.compile("^[^:]+:\\s*(.+?):\\s*[^:]+$");
  /** A quoted span: the option a battery's item asks about ("how important 'Family' is in your life"). */
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|‘[^’]*’|“[^”]*”|«[^»]*»");
  private final String instrument;
  private final Map<String, String> fileLanguages;

  private SurveyFormat(String instrument, Map<String, String> fileLanguages) {
    this.instrument = instrument;
    this.fileLanguages = fileLanguages;
  }

  static SurveyFormat create(SourceConfig source, List<InputFile> files, Configuration conf) {
    Map<String, String> languages = new HashMap<>();
    for (InputFile file : files) {
      String language = source.language != null ? source.language : languageFromName(file.relativeName());
      if (language != null) {
        languages.put(file.path(), language);
      }
    }
    return new SurveyFormat(source.dataset, languages);
  }

  /** A language named in English in a file name (questions__WV7_Korean.jsonl → ko). */
  static String languageFromName(String fileName) {
    for (String part : fileName.replaceAll("\\.[a-z0-9]+$", "").split("[^A-Za-z]+")) {
      for (String code : Locale.getISOLanguages()) {
        if (part.length() > 3 && part.equalsIgnoreCase(new Locale(code).getDisplayLanguage(Locale.ENGLISH))) {
          return code;
        }
      }
    }
    return null;
  }

  @Override
  public void parse(String line, RecordContext context, Emitter out) {
    JsonNode r = Json.parseObject(line, out, "a survey line");
    if (r == null) {
      return;
    }
    String questionId = Json.text(Json.first(r, List.of("question_id", "id", "q_id")));
    String title = Json.text(r, "sub_question");
    String question = Json.text(Json.first(r, List.of("question", "q_content", "full_question")));
    if (questionId == null || question == null) {
      out.reject("not_a_question", "a survey item needs an id (question_id, id, q_id) and a question");
      return;
    }
    List<String> options = options(r);
    List<Row> distributions = new ArrayList<>();
    JsonNode dists = r.get("distributions");
    if (dists != null && dists.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = dists.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> d = it.next();
        List<Double> values = new ArrayList<>();
        d.getValue().forEach(v -> values.add(v.asDouble()));
        if (values.size() != options.size()) {
          out.reject("bad_distribution", "population " + d.getKey() + " has " + values.size() + " shares for "
              + options.size() + " options");
          return;
        }
        String population = Countries.code(d.getKey());
        distributions.add(distribution(population != null ? population : d.getKey(), values));
      }
    }
    String name = Json.text(r, "instrument") != null ? Json.text(r, "instrument") : instrument;
    String language = Json.text(r, "language") != null ? Json.text(r, "language") : fileLanguages.get(context.inputFile());
    RowBuilder doc = context.newDocument(name + ":" + questionId + ":" + (language == null ? "und" : language), null);
    String text = options.isEmpty() ? question : question + "\n" + String.join("\n", options);
    doc.set("kind", "survey_item");
    doc.set("title", title != null ? title : questionId);
    doc.set("text", text);
    if (language != null) {
      doc.set("lang", Documents.declaredLanguage(language));
    }
    doc.set("survey", new RowBuilder(Tables.SURVEY)
        .set("instrument", name)
        .set("question_id", questionId)
        .set("question", question)
        .set("options", options)
        .set("scale", Json.text(r, "scale") != null ? Json.text(r, "scale") : options.isEmpty() ? null
            : "ordinal-" + options.size())
        .set("distributions", distributions)
        .set("battery", battery(r, title, question))
        .build());
    doc.set("quality", Documents.quality(text, null));
    Map<String, String> meta = new LinkedHashMap<>();
    for (String field : List.of("category", "sub_category", "topic", "type", "source")) {
      String value = Json.text(r, field);
      if (value != null) {
        meta.put(field, value);
      }
    }
    if (!meta.isEmpty()) {
      doc.set("metadata", meta);
    }
    out.document(doc.build());
  }

  /**
   * The battery an item belongs to: the line's {@code battery} field; else the middle of a named item
   * ({@code sub_question} "Q1: Important in life: Family" → "Important in life"); else, when the question quotes
   * its option, the question with every quoted span replaced by '…' (the template its battery shares). Null when
   * none applies: WVS-7 questionnaire files and CulturePark seeds name no battery.
   */
  static String battery(JsonNode r, String title, String question) {
    String given = Json.text(r, "battery");
    if (given != null) {
      return given;
    }
    Matcher named = title == null ? null : NAMED_ITEM.matcher(title);
    if (named != null && named.matches()) {
      return named.group(1).trim();
    }
    Matcher quoted = QUOTED.matcher(question);
    return quoted.find() ? quoted.replaceAll("'…'") : null;
  }

  /**
   * The answer options: a list (options, choices), CulturePark's numbered string ("1. Agree 2. Disagree"), or a
   * numeric scale (MENAValues' scale_min and scale_max).
   */
  private static List<String> options(JsonNode r) {
    List<String> options = new ArrayList<>();
    JsonNode list = Json.first(r, List.of("options", "choices"));
    Long min = Json.longValue(r, "scale_min");
    Long max = Json.longValue(r, "scale_max");
    if (list != null && list.isArray()) {
      list.forEach(o -> options.add(o.asText()));
    } else if (list == null && Json.text(r, "option") != null) {
      Matcher m = NUMBERED_OPTION.matcher(Json.text(r, "option"));
      while (m.find()) {
        options.add(m.group(2).trim());
      }
    } else if (min != null && max != null && max >= min && max - min < 100) {
      for (long v = min; v <= max; v++) {
        options.add(String.valueOf(v));
      }
    }
    return options;
  }

  /** A population's distribution, normalised to sum 1 (surveys round; some list percentages). */
  static Row distribution(String population, List<Double> values) {
    double sum = values.stream().mapToDouble(Double::doubleValue).sum();
    List<Double> normalised = new ArrayList<>();
    values.forEach(v -> normalised.add(sum > 0 ? v / sum : 0.0));
    return new RowBuilder(Tables.DISTRIBUTION)
        .set("population", population).set("values", normalised).build();
  }
}
