package io.tessera.schema;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The published table schemas. {@code schemas/*.json} hold the same text (a test keeps them equal): researchers
 * read those files, the code reads these constants. Every field carries a {@code comment} in its metadata.
 */
public final class Tables {
  private Tables() {}

  public static final StructType SOURCE = struct(
      field("name", StringType, false, "the source's name in the run config"),
      field("dataset", StringType, false, "the dataset the record comes from: enwiki, reddit, twitter, culturepark, ..."),
      field("format", StringType, false, "the reader that parsed it: jsonl, wikipedia-xml, reddit, ..."),
      field("source_record_id", StringType, false, "the record's id in its source, or FILE@BYTE_OFFSET where it has none"),
      field("uri", StringType, true, "a link to the original, where the source gives one"),
      field("input_file", StringType, false, "the file the record was read from"),
      field("position", LongType, false, "byte offset of the record in the decompressed file"),
      field("snapshot", StringType, true, "the dump or snapshot the file belongs to, where known"),
      field("license", StringType, true, "the licence of the source's text"));

  public static final StructType LANGUAGE_CANDIDATE = struct(
      field("code", StringType, false, "BCP 47 language code"),
      field("confidence", DoubleType, false, "confidence in [0, 1]"));

  public static final StructType LANGUAGE_SPAN = struct(
      field("code", StringType, false, "BCP 47 language code"),
      field("start", IntegerType, false, "first character, in the text as prepared for detection"),
      field("end", IntegerType, false, "character after the last"));

  public static final StructType LANG = struct(
      field("code", StringType, true, "BCP 47 language code; und where no method is reliable"),
      field("script", StringType, true, "ISO 15924 script code"),
      field("confidence", DoubleType, true, "confidence of the chosen code in [0, 1]"),
      field("candidates", DataTypes.createArrayType(LANGUAGE_CANDIDATE, false), true, "the top candidates, best first"),
      field("source_declared", StringType, true, "the language the source declares (tweet lang, wiki edition, ...)"),
      field("agrees_with_source", BooleanType, true, "whether code and source_declared name the same language"),
      field("method", StringType, true, "how code was chosen: script, trigram_screen, lingua_high, lingua_low, source_declared, none"),
      field("spans", DataTypes.createArrayType(LANGUAGE_SPAN, false), true,
          "language spans of code-switched text (langid.spans)"));

  public static final StructType CULTURE_TAG = struct(
      field("level", StringType, false, "country, subnational_region, macro_region, language_community, community, religion"),
      field("country_code", StringType, true, "ISO 3166-1 alpha-2"),
      field("subdivision_code", StringType, true, "ISO 3166-2"),
      field("language", StringType, true, "BCP 47 code, for language communities"),
      field("label", StringType, false, "human-readable name"),
      field("path", StringType, true, "hierarchical path, e.g. Asia > Thailand > Bangkok"),
      field("role", StringType, false, "subject, author_origin, persona, survey_population"),
      field("evidence", DataTypes.createArrayType(StringType, false), false,
          "source_metadata, explicit_mention, demonym, geo_place, language_prior, persona"),
      field("score", DoubleType, false, "in [0, 1]"));

  public static final StructType TOPIC_TAG = struct(
      field("code", StringType, false, "taxonomy code, e.g. FOOD.CUISINE"),
      field("path", StringType, false, "taxonomy path, e.g. Food & drink > Cuisine"),
      field("score", DoubleType, false, "in [0, 1]"),
      field("taxonomy_version", StringType, false, "version of conf/taxonomy"));

  public static final StructType QUALITY = struct(
      field("char_count", IntegerType, false, "characters (code points) of text"),
      field("word_count", IntegerType, false, "whitespace-separated tokens of text"),
      field("nsfw", BooleanType, true, "the source marks the record as adult content"),
      field("pii_count", IntegerType, true, "personal data spans found (emails, phone numbers, ...)"),
      field("signals", DataTypes.createMapType(StringType, DoubleType, false), true, "heuristic quality signals by name"));

  public static final StructType DEDUP = struct(
      field("exact_hash", StringType, true, "hash of the normalised text"),
      field("cluster_id", StringType, true, "doc_id of the cluster's representative; the record's own doc_id when unique"),
      field("cluster_size", LongType, true, "records in the cluster"),
      field("is_representative", BooleanType, true, "the record kept for its cluster"));

  public static final StructType INTERLANGUAGE_LINK = struct(
      field("lang", StringType, false, "wiki language code"),
      field("title", StringType, false, "page title on that wiki"));

  public static final StructType WIKI = struct(
      field("page_id", LongType, true, "MediaWiki page id"),
      field("namespace", IntegerType, true, "MediaWiki namespace number"),
      field("revision_id", LongType, true, "revision id of the text"),
      field("dbname", StringType, true, "wiki database name, e.g. swwiki"),
      field("categories", DataTypes.createArrayType(StringType, false), true, "category names without prefix"),
      field("interlanguage_links", DataTypes.createArrayType(INTERLANGUAGE_LINK, false), true,
          "links to the same topic in other editions"),
      field("sections", DataTypes.createArrayType(StringType, false), true, "section headings in order"));

  public static final StructType SOCIAL = struct(
      field("platform", StringType, true, "reddit, twitter, ..."),
      field("community", StringType, true, "subreddit or equivalent"),
      field("author_hash", StringType, true, "keyed hash of the author name; the raw name is never stored"),
      field("score", LongType, true, "votes or likes"),
      field("parent_id", StringType, true, "the record replied to"),
      field("thread_id", StringType, true, "the thread or conversation"),
      field("place_country", StringType, true, "ISO 3166-1 alpha-2 of a tagged place"));

  public static final StructType TURN = struct(
      field("idx", IntegerType, false, "0-based position in the dialogue"),
      field("speaker", StringType, true, "name as written in the source"),
      field("role", StringType, false, "system, user, assistant, or persona"),
      field("text", StringType, false, "the turn's text"),
      field("lang", StringType, true, "BCP 47 code of the turn"),
      field("label", StringType, true, "a label the source gives the turn, e.g. NormDial's Adhered / Violated"));

  public static final StructType PERSONA = struct(
      field("name", StringType, true, "persona name"),
      field("culture", StringType, true, "the culture the persona plays"),
      field("role", StringType, true, "its role in the dialogue"));

  public static final StructType DIALOGUE = struct(
      field("turns", DataTypes.createArrayType(TURN, false), true, "the turns in order"),
      field("personas", DataTypes.createArrayType(PERSONA, false), true, "the personas"),
      field("generator", StringType, true, "the model or pipeline that wrote it"),
      field("background", StringType, true, "the scenario the dialogue was generated for"));

  public static final StructType DISTRIBUTION = struct(
      field("population", StringType, false, "ISO 3166-1 alpha-2 or population label"),
      field("values", DataTypes.createArrayType(DoubleType, false), false, "share per option, summing to 1"));

  public static final StructType SURVEY = struct(
      field("instrument", StringType, true, "survey or benchmark name, e.g. WVS-7, MENAValues"),
      field("question_id", StringType, true, "question id in the instrument"),
      field("question", StringType, true, "question text"),
      field("options", DataTypes.createArrayType(StringType, false), true, "answer options in order"),
      field("scale", StringType, true, "nominal, ordinal, likert-N, ..."),
      field("distributions", DataTypes.createArrayType(DISTRIBUTION, false), true, "answer distribution per population"),
      field("battery", StringType, true,
          "the battery (one template, items differing in the option asked about) the item belongs to, as its reader "
              + "recognises it; null when the reader sees none"));

  /** The canonical record every stage reads and writes. */
  public static final StructType DOCUMENTS = struct(
      field("doc_id", StringType, false, "stable id: hex SHA-256/128 of (dataset, source_record_id)"),
      field("kind", StringType, false, "wiki_page, social_post, social_comment, dialogue, survey_item, document"),
      field("source", SOURCE, false, "where the record came from"),
      field("created_at", TimestampType, true, "creation time, UTC"),
      field("title", StringType, true, "title, where the source has one"),
      field("text", StringType, false, "cleaned primary text; for dialogues the turns joined by newlines"),
      field("lang", LANG, true, "language identification"),
      field("culture_tags", DataTypes.createArrayType(CULTURE_TAG, false), true, "cultures the record is about or comes from"),
      field("topic_tags", DataTypes.createArrayType(TOPIC_TAG, false), true, "cultural topics"),
      field("culture", StringType, true, "primary culture: ISO 3166-1 alpha-2, ISO 3166-2, or und"),
      field("language", StringType, true, "primary language, equal to lang.code"),
      field("culture_relevance", DoubleType, true, "how much the text is about culture, in [0, 1]"),
      field("quality", QUALITY, true, "quality signals"),
      field("dedup", DEDUP, true, "duplicate cluster"),
      field("wiki", WIKI, true, "Wikipedia payload"),
      field("social", SOCIAL, true, "social-media payload"),
      field("dialogue", DIALOGUE, true, "dialogue payload"),
      field("survey", SURVEY, true, "survey payload"),
      field("metadata", DataTypes.createMapType(StringType, StringType, true), true, "extra source fields named in the mapping"));

  /** Input the readers could not parse: one row per malformed record. */
  public static final StructType REJECTS = struct(
      field("source_name", StringType, false, "the source's name in the run config"),
      field("format", StringType, false, "the reader"),
      field("input_file", StringType, false, "the file"),
      field("position", LongType, false, "byte offset of the record in the decompressed file"),
      field("line", LongType, true, "1-based line number, for line-oriented formats"),
      field("reason", StringType, false, "reason code, e.g. malformed_json, invalid_utf8, truncated"),
      field("message", StringType, true, "the parser's message"),
      field("snippet", StringType, true, "the start of the raw record, at most 1 KiB"));

  public static final StructType MESSAGE = struct(
      field("role", StringType, false, "system, user or assistant"),
      field("content", StringType, false, "the message text"));

  /** What {@code publish} writes under data/: the documents columns, the chat form and the split. */
  public static final StructType DATASET = DOCUMENTS
      .add(field("messages", DataTypes.createArrayType(MESSAGE, false), true,
          "dialogues and chats as chat messages for supervised fine-tuning (persona role-play: the first speaker is"
              + " the user, the others the assistant); null for other kinds, whose training form is text"))
      .add(field("split", StringType, false, "train, validation or test; a partition folder"))
      .add(field("country", StringType, false, "the country of culture (its ISO 3166-1 alpha-2 part), mul or und; a"
          + " partition folder"));

  /** What {@code publish} writes under benchmark/survey_items/: survey questions per population, with prompts. */
  public static final StructType BENCHMARK_ITEM = struct(
      field("item_id", StringType, false, "doc_id:population"),
      field("doc_id", StringType, false, "the survey record in data/"),
      field("split", StringType, false, "the record's split"),
      field("instrument", StringType, true, "survey or benchmark name"),
      field("question_id", StringType, true, "question id in the instrument"),
      field("language", StringType, false, "language of the question"),
      field("prompt_language", StringType, false, "language of the framing (the question's where Tessera has it, else en)"),
      field("population", StringType, false, "ISO 3166-1 alpha-2 or population label"),
      field("population_label", StringType, false, "the population's name in the prompt language"),
      field("options", DataTypes.createArrayType(StringType, false), false, "answer options in order"),
      field("distribution", DataTypes.createArrayType(DoubleType, false), false, "share per option, normalised to sum to 1"),
      field("prompt_neutral", StringType, false, "the question and its numbered options"),
      field("prompt_persona", StringType, false, "answer as a person from the population"),
      field("prompt_observer", StringType, false, "how would a person from the population answer"));

  /** What {@code publish} writes under benchmark/dialogue_items/: held-out dialogues as next-turn items. */
  public static final StructType DIALOGUE_ITEM = struct(
      field("item_id", StringType, false, "the dialogue's doc_id"),
      field("doc_id", StringType, false, "the dialogue record in data/"),
      field("split", StringType, false, "validation or test: the dialogue's split"),
      field("source_name", StringType, false, "the configured source"),
      field("culture", StringType, false, "the dialogue's primary culture"),
      field("language", StringType, false, "the dialogue's language"),
      field("persona_cultures", DataTypes.createArrayType(StringType, false), true,
          "the cultures the personas play, in order"),
      field("background", StringType, true, "the scenario the dialogue was generated for"),
      field("context", DataTypes.createArrayType(MESSAGE, false), false, "the messages before the last one"),
      field("reference_role", StringType, false, "the role of the last message"),
      field("reference", StringType, false, "the last message: the reference answer"),
      field("turn_labels", DataTypes.createArrayType(StringType, true), false,
          "the source's label of each message (context then reference; null where none), e.g. NormDial's Adhered"
              + " / Violated"));

  public static final Map<String, StructType> ALL = tables();

  private static Map<String, StructType> tables() {
    Map<String, StructType> tables = new LinkedHashMap<>();
    tables.put("documents", DOCUMENTS);
    tables.put("rejects", REJECTS);
    tables.put("dataset", DATASET);
    tables.put("benchmark_items", BENCHMARK_ITEM);
    tables.put("dialogue_items", DIALOGUE_ITEM);
    return tables;
  }

  public static StructType table(String name) {
    StructType table = ALL.get(name);
    if (table == null) {
      throw new IllegalArgumentException("unknown table '" + name + "'; tables: " + String.join(", ", ALL.keySet()));
    }
    return table;
  }

  private static StructType struct(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField field(String name, DataType type, boolean nullable, String comment) {
    Metadata metadata = new MetadataBuilder().putString("comment", comment).build();
    return new StructField(name, type, nullable, metadata);
  }

}
