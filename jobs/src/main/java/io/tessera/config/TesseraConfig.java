package io.tessera.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run configuration, bound from YAML (snake_case keys) by {@link ConfigLoader}. Every field's initial value is
 * its default; docs/configuration.md documents each key. Unknown keys are rejected.
 */
public final class TesseraConfig {
  public RunSettings run = new RunSettings();
  public SparkSettings spark = new SparkSettings();
  public List<SourceConfig> sources = new ArrayList<>();
  public LangIdSettings langid = new LangIdSettings();
  public TagSettings tag = new TagSettings();
  public DedupSettings dedup = new DedupSettings();
  public SelectSettings select = new SelectSettings();
  public SplitSettings split = new SplitSettings();
  public BalanceSettings balance = new BalanceSettings();
  public PublishSettings publish = new PublishSettings();

  public static final class RunSettings {
    /** Where the published dataset goes. Required. */
    public String output;
    /** Stage outputs; default OUTPUT/_work. */
    public String work;
    public static final String RUN_ID_DEFAULT = "default";
    public String runId = RUN_ID_DEFAULT;
    /** Fail the run on the first malformed record instead of writing it to rejects. */
    public boolean strict = false;
    /** Stages to run, in pipeline order; default all. */
    public List<String> stages;
    /** A progress line of the running stage every this many seconds; 0: none (--quiet). */
    public static final int PROGRESS_SECONDS_DEFAULT = 30;
    public int progressSeconds = PROGRESS_SECONDS_DEFAULT;
  }

  public static final class SparkSettings {
    /** Master URL; default: the one spark-submit gives, else local[*]. */
    public String master;
    public String appName = "tessera";
    /** Extra Spark settings (spark.*, spark.hadoop.*), applied to the session. */
    public Map<String, String> conf = new LinkedHashMap<>();
  }

  public static final class SourceConfig {
    /** Unique name, used in run.json and rejects; default: derived from the path. */
    public String name;
    /** Only files whose name matches this glob (e.g. "*.csv") are read from a folder; default all. */
    public String include;
    /** Reader name, e.g. jsonl. Required. */
    public String format;
    /** File, folder or glob, local or remote (s3a://). Required. */
    public String path;
    /** Dataset label stored with every record (enwiki, reddit, ...); default: the source name. */
    public String dataset;
    /** Record kind (wiki_page, social_post, social_comment, dialogue, survey_item, document). */
    public String kind = "document";
    public String license;
    public String snapshot;
    /**
     * Put every record of this source in one split (validation or test for a benchmark-only source, train for a
     * training-only one); default: assigned by group like all records. Its records' groups follow it.
     */
    public String split;
    /** The language of the source's records where they do not say (a wiki without siteinfo, a one-language corpus). */
    public String language;
    /** Wikipedia readers: the namespaces to keep; pages of others are skipped (namespace). */
    public List<Integer> namespaces = List.of(0);
    /** Field mapping for generic readers (jsonl, csv). */
    public FieldMapping mapping = new FieldMapping();
    /**
     * A mapping preset for csv (and jsonl): a file name in conf/mappings/ shipped with Tessera (normdial), or a YAML
     * file. Its keys are source keys (kind, mapping, dialogue, path_fields, delimiter); the source's own win.
     */
    public String preset;
    /** csv: the field separator. */
    public String delimiter = ",";
    /**
     * csv: a regular expression with named groups matched against each file's path under the source path; the
     * groups go into metadata (a group named culture also sets the dialogue personas' culture).
     */
    public String pathFields;
    /** csv: parse a field holding a whole dialogue into turns. */
    public DialogueField dialogue;
  }

  /** A text field holding a dialogue, one turn per line matched by a pattern. */
  public static final class DialogueField implements java.io.Serializable {
    /** The field holding the dialogue. */
    public String field;
    /**
     * Regular expressions tried in order against each line, with named groups speaker, text and optionally label;
     * a line no pattern matches is not a turn.
     */
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public List<String> turnPatterns = List.of();
  }

  /** Which JSON fields hold what; dotted paths reach into objects, a list is tried in order. */
  public static final class FieldMapping implements java.io.Serializable {
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public List<String> id = List.of("id");
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public List<String> text = List.of("text");
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public List<String> title = List.of("title");
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public List<String> createdAt = List.of("created_at");
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public List<String> language = List.of("language");
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public List<String> nsfw = List.of();
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public List<String> uri = List.of();
    /** Fields copied as strings into the metadata column, keyed by their path. */
    public List<String> metadata = List.of();
  }

  /** Language identification; docs/operations.md gives the heap each setting needs. */
  public static final class LangIdSettings implements java.io.Serializable {
    /** ISO 639-1 codes of the languages to tell apart; empty means all 75 Lingua knows. */
    public List<String> languages = List.of();
    /** high (all n-gram models; best on short texts) or low (trigrams only; about 2x faster on short texts). */
    public String accuracy = "high";
    /** Load every model when the detector is built instead of when first needed. */
    public boolean preload = false;
    /** Texts with fewer letters than this are und (or the source's hint). */
    public int minLetters = 8;
    /** Below this margin between the best and the second language (1 - second/best) the result is und or the hint. */
    public double minConfidence = 0.0;
    /** Where detection is unsure or the text too short, use the language the source declares. */
    public boolean trustSourceHint = true;
    /** Texts longer than this are judged on windows from their start, middle and end, not whole. */
    public int sampleAboveChars = 1500;
    /** The size of each of the three windows. */
    public int sampleWindowChars = 400;
    /**
     * Narrow Lingua to the best few languages of the trigram screen's ranking (or of a cheap low-accuracy look at
     * the first prefilter_chars characters when the screen knows too little of the text); 0 turns this off.
     */
    public int narrowTo = 10;
    public int prefilterChars = 120;
    /** Decide directly when a text's script belongs to exactly one configured language (Hangul, Thai, Greek...). */
    public boolean scriptShortcut = true;
    /**
     * Settle texts a fast trigram screen (Lingua's trigram models in flat arrays) is sure of without calling
     * Lingua: at least screen_min_trigrams trigrams and a lead of screen_margin nats over the second language.
     */
    public boolean screen = true;
    public double screenMargin = 20.0;
    public int screenMinTrigrams = 10;
    /** Detect code-switching: language spans over sentences (lang.spans). */
    public boolean spans = false;
  }

  public static final class TagSettings implements java.io.Serializable {
    /** Weight of each kind of evidence for a culture tag; a tag's score is 1 - product(1 - weight). */
    public Map<String, Double> weights = new java.util.TreeMap<>(Map.of(
        "explicit_mention", 0.6, "demonym", 0.5, "geo_place", 0.5, "source_metadata", 0.6,
        "persona", 0.9, "survey_population", 0.9, "language_prior", 0.15));
    /** The primary culture is the best country tag with at least this score, else und. */
    public double minScore = 0.3;
  }

  public static final class DedupSettings {
    /** Near-duplicates with MinHash LSH on top of exact duplicates. */
    public boolean near = true;
    /** Records whose shingle sets have at least this Jaccard similarity are near-duplicates. */
    public double threshold = 0.8;
    /** LSH bands and rows per band (bands x rows MinHash values per record). */
    public int bands = 20;
    public int rows = 5;
    /** Candidate pairs share at least this many band keys: 2 prunes most pairs well below the threshold. */
    public int minSharedBands = 2;
    /** Shingle size in words; in characters for text in scripts written without spaces (Han, kana, Thai...). */
    public int wordNgram = 5;
    public int charNgram = 5;
    /** Only the first this many characters of normalised text are shingled. */
    public int maxChars = 100_000;
    /** Buckets with more records than this are linked as a star from their smallest key, not pair by pair. */
    public int maxBucket = 50;
    /** Seed of the MinHash functions. */
    public long seed = 42;
  }

  public static final class SelectSettings {
    /** Records with fewer characters of text are dropped (reason too_short). */
    public int minChars = 20;
    /** Drop records the source marks as adult content (reason nsfw). */
    public boolean dropNsfw = true;
    /** Keep only one record per duplicate cluster (reason duplicate). */
    public boolean dropDuplicates = true;
    /** Keep only these languages (BCP 47 codes of lang.code); empty keeps all (reason language). */
    public List<String> languages = new ArrayList<>();
    /** Drop records whose language confidence is lower (reason low_language_confidence); 0 keeps all. */
    public double minLanguageConfidence = 0.0;
    /** Drop records less about culture than this (culture_relevance; reason not_cultural); 0 keeps all. */
    public double minCultureRelevance = 0.0;
    /** Drop records whose share of punctuation and symbols is higher (reason symbols). */
    public double maxSymbolRatio = 0.5;
    /** Drop records whose share of repeated word 3-grams is higher (reason repetitive; from 20 words). */
    public double maxRepetition = 0.5;
  }

  public static final class SplitSettings {
    public String seed = "tessera";
    public double train = 0.8;
    public double validation = 0.1;
    public double test = 0.1;
    /** Hold each split's share per culture × language to within one group, not only in expectation. */
    public boolean stratify = true;
    /** Remove training records that share an n-gram with a validation or test record or a benchmark file. */
    public boolean decontaminate = true;
    /** The n-gram: words, or characters for text mostly in scripts without spaces (Chinese, Japanese, Thai...). */
    public int contaminationNgram = 13;
    public int contaminationCharNgram = 20;
    /** External benchmark files (text lines, or JSON lines with text, question, prompt or content). */
    public List<String> benchmarkFiles = new ArrayList<>();
  }

  /** Caps on the training split per culture and language, applied by deterministic sampling; floors reported. */
  public static final class BalanceSettings {
    /** Most training records per primary culture (und and mul included); 0: no cap. */
    public long maxPerCulture = 0;
    /** Caps for particular cultures, over max_per_culture (e.g. US: 100000). */
    public Map<String, Long> cultureCaps = new java.util.TreeMap<>();
    /** Most training records per language; 0: no cap. */
    public long maxPerLanguage = 0;
    public Map<String, Long> languageCaps = new java.util.TreeMap<>();
    /** Cultures with fewer training records are listed in run.json (below_floor); nothing is dropped for it. */
    public long minPerCulture = 0;
    public String seed = "tessera-balance";
  }

  public static final class PublishSettings {
    /**
     * Target size of a published Parquet file: Hugging Face and Parquet's guidance is files of about 100 to 500 MB
     * (row groups of 100 to 300 MB, Parquet's default 128 MB); a folder smaller than this is one file.
     */
    public static final int TARGET_FILE_MB_DEFAULT = 256;
    public static final int TARGET_FILE_MB_MAX = 4096;
    public int targetFileMb = TARGET_FILE_MB_DEFAULT;

    /** Adds a message per invalid key to {@code problems}. */
    public void validate(List<String> problems) {
      if (targetFileMb < 1 || targetFileMb > TARGET_FILE_MB_MAX) {
        problems.add("'publish.target_file_mb' must be between 1 and " + TARGET_FILE_MB_MAX + " (got " + targetFileMb
            + ")");
      }
    }
  }
}
