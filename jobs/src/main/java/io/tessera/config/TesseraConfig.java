package io.tessera.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.pemistahl.lingua.api.Language;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

  /** Lingua's accuracy mode (langid.accuracy). */
  public enum Accuracy {
    /** All n-gram models; best on short texts. */
    @JsonProperty("high") HIGH,
    /** Trigrams only: about 2x faster on short texts, less accurate on them. */
    @JsonProperty("low") LOW
  }

  /** The dataset splits (sources[].split). */
  public enum Split {
    @JsonProperty("train") TRAIN,
    @JsonProperty("validation") VALIDATION,
    @JsonProperty("test") TEST;

    /** The name in configs, tables and folders: train, validation, test. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Record kinds (sources[].kind, the documents' kind column). */
  public enum Kind {
    @JsonProperty("wiki_page") WIKI_PAGE,
    @JsonProperty("social_post") SOCIAL_POST,
    @JsonProperty("social_comment") SOCIAL_COMMENT,
    @JsonProperty("dialogue") DIALOGUE,
    @JsonProperty("survey_item") SURVEY_ITEM,
    @JsonProperty("document") DOCUMENT;

    /** The name in configs and in the kind column. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The kinds of evidence for a culture tag (the keys of tag.weights, the culture_tags' evidence). */
  public enum Evidence {
    EXPLICIT_MENTION, DEMONYM, GEO_PLACE, SOURCE_METADATA, PERSONA, SURVEY_POPULATION, LANGUAGE_PRIOR;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Set<String> keys() {
      return java.util.Arrays.stream(values()).map(Evidence::key).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
  }

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

    void validate(List<String> problems, List<String> knownStages) {
      if (output == null || output.isBlank()) {
        problems.add("missing required key 'run.output' (or --output)");
      }
      for (String stage : stages) {
        if (!knownStages.contains(stage)) {
          problems.add("unknown stage '" + stage + "' in 'run.stages' (stages: " + String.join(", ", knownStages) + ")");
        }
      }
      if (runId == null || !runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
        problems.add("'run.run_id' must be letters, digits, '.', '_' or '-' (got '" + runId + "')");
      }
      if (progressSeconds < 0) {
        problems.add("'run.progress_seconds' must be 0 (no progress lines) or more");
      }
    }
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
    /**
     * Dataset label stored with every record (enwiki, reddit, ...), part of every doc_id; default: the source's name
     * when the config gives one, else the format (never the file name, so renaming an input changes no id).
     */
    public String dataset;
    /** Record kind; readers of one kind of record (reddit, twitter...) set their own. */
    public Kind kind = KIND_DEFAULT;
    public static final Kind KIND_DEFAULT = Kind.DOCUMENT;
    public String license;
    public String snapshot;
    /**
     * Put every record of this source in one split (validation or test for a benchmark-only source, train for a
     * training-only one); default: assigned by group like all records. Its records' groups follow it.
     */
    public Split split;
    /**
     * Personal data in the text: redact (placeholders, counted in quality.pii_count), count (counted only) or keep
     * (neither); default redact for social sources (reddit, twitter, a social_* kind), count for the others.
     */
    public PiiPolicy pii;
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

    /** The source keys every reader uses; each reader declares its own others (Reader.options). */
    public static final Set<String> COMMON_KEYS = Set.of("name", "format", "path", "include", "dataset", "kind",
        "license", "snapshot", "split", "pii");

    void validate(String key, List<String> readers, List<String> problems) {
      if (format == null) {
        problems.add("missing required key '" + key + ".format'");
      } else if (!readers.contains(format)) {
        problems.add("unknown reader '" + format + "' at '" + key + ".format' (readers: " + String.join(", ", readers)
            + ")");
      }
      if (path == null || path.isBlank()) {
        problems.add("missing required key '" + key + ".path'");
      }
      if ((mapping == null || mapping.text == null || mapping.text.isEmpty()) && dialogue == null) {
        problems.add("'" + key + ".mapping.text' must name at least one field (or set '" + key + ".dialogue')");
      }
      if (dialogue != null && (dialogue.field == null || dialogue.turnPatterns.isEmpty())) {
        problems.add("'" + key + ".dialogue' needs both 'field' and 'turn_patterns'");
      }
      List<String> patterns = new ArrayList<>(dialogue == null ? List.of() : dialogue.turnPatterns);
      patterns.add(pathFields);
      for (String pattern : patterns) {
        if (pattern != null) {
          try {
            java.util.regex.Pattern.compile(pattern);
          } catch (java.util.regex.PatternSyntaxException e) {
            problems.add("'" + key + "': bad regular expression " + pattern + ": " + e.getDescription());
          }
        }
      }
    }
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
    public Accuracy accuracy = ACCURACY_DEFAULT;
    public static final Accuracy ACCURACY_DEFAULT = Accuracy.HIGH;
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
    /**
     * The coverage gate for languages Lingua lacks: script rules (conf/langid/script-languages.tsv) and, on scripts
     * Lingua shares with such languages, a broad detector (Tika's OpenNLP model, 148 languages) asked when Lingua's
     * trigram models fit the text worse than broad_below_fit (mean log-probability per trigram).
     */
    public boolean coverage = true;
    public double broadBelowFit = -2.2;
    /** The broad detector is sure when its best language scores at least this many times its second. */
    public double broadMinLead = 1.5;
    /**
     * When the broad detector, unsure, leans to another language than Lingua's, Lingua's answer stands only if
     * Lingua's confidence is at least lingua_sure_confidence, or if the broad detector's second is Lingua's
     * language within broad_tie_lead of its best (the two nearly agree); otherwise the text is und.
     */
    public double linguaSureConfidence = 0.05;
    public double broadTieLead = 1.05;

    /** Lingua's ISO 639-1 codes. */
    public static Set<String> linguaCodes() {
      return java.util.Arrays.stream(Language.values()).filter(l -> l != Language.UNKNOWN)
          .map(l -> l.getIsoCode639_1().toString().toLowerCase(Locale.ROOT))
          .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    public void validate(List<String> problems) {
      if (languages.size() == 1) {
        problems.add("'langid.languages' needs at least two languages for Lingua to choose between (or none: all)");
      }
      Set<String> known = linguaCodes();
      for (int i = 0; i < languages.size(); i++) {
        if (!known.contains(languages.get(i))) {
          problems.add("unknown language 'langid.languages." + i + "': '" + languages.get(i) + "' (Lingua's ISO 639-1"
              + " codes: " + String.join(" ", known) + ")");
        }
      }
      if (minLetters < 0 || sampleAboveChars < 0 || sampleWindowChars < 1 || narrowTo < 0 || prefilterChars < 1
          || screenMinTrigrams < 0) {
        problems.add("'langid.min_letters', 'sample_above_chars', 'narrow_to' and 'screen_min_trigrams' must be 0 or"
            + " more, 'sample_window_chars' and 'prefilter_chars' positive");
      }
      if (minConfidence < 0 || minConfidence > 1) {
        problems.add("'langid.min_confidence' must be in [0, 1]");
      }
      if (!(broadMinLead >= 1)) {
        problems.add("'langid.broad_min_lead' must be at least 1 (a ratio of the best score to the second's)");
      }
      if (!(broadTieLead >= 1 && broadTieLead <= broadMinLead)) {
        problems.add("'langid.broad_tie_lead' must be at least 1 and at most 'langid.broad_min_lead'");
      }
      if (!(linguaSureConfidence >= 0 && linguaSureConfidence <= 1)) {
        problems.add("'langid.lingua_sure_confidence' must be in [0, 1]");
      }
    }
  }

  public static final class TagSettings implements java.io.Serializable {
    /** Weight of each kind of evidence for a culture tag; a tag's score is 1 - product(1 - weight). */
    public Map<String, Double> weights = new java.util.TreeMap<>(Map.of(
        "explicit_mention", 0.6, "demonym", 0.5, "geo_place", 0.5, "source_metadata", 0.6,
        "persona", 0.9, "survey_population", 0.9, "language_prior", 0.15));
    /** The primary culture is the best country tag with at least this score, else und. */
    public double minScore = 0.3;

    public void validate(List<String> problems) {
      weights.forEach((kind, weight) -> {
        if (!Evidence.keys().contains(kind)) {
          problems.add("unknown evidence 'tag.weights." + kind + "' (known: " + String.join(", ", Evidence.keys()) + ")");
        } else if (weight == null || weight < 0 || weight > 1) {
          problems.add("'tag.weights." + kind + "' must be in [0, 1]");
        }
      });
      if (minScore < 0 || minScore > 1) {
        problems.add("'tag.min_score' must be in [0, 1]");
      }
    }
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
    /**
     * Shingles fit the text (docs/dedup.md): texts shorter than {@code shortChars} normalised characters are
     * shingled by {@code charNgram} characters; longer ones by {@code wordNgram} words, or {@code segmentedNgram}
     * words cut by ICU in scripts written without spaces (Han, kana, Thai...).
     */
    public int shortChars = 400;
    public int wordNgram = 5;
    public int segmentedNgram = 3;
    public int charNgram = 3;
    /** Only the first this many characters of normalised text are shingled. */
    public int maxChars = 100_000;
    /** Buckets with more records than this are linked as a star from their smallest key, not pair by pair. */
    public int maxBucket = 50;
    /** Seed of the MinHash functions. */
    public long seed = 42;

    public void validate(List<String> problems) {
      if (!(threshold > 0 && threshold <= 1)) {
        problems.add("'dedup.threshold' must be in (0, 1]");
      }
      if (minSharedBands < 1 || minSharedBands > bands) {
        problems.add("'dedup.min_shared_bands' must be between 1 and 'dedup.bands'");
      }
      if (bands < 1 || rows < 1 || wordNgram < 1 || charNgram < 1 || segmentedNgram < 1 || shortChars < 0
          || maxChars < 1 || maxBucket < 2) {
        problems.add("'dedup.bands', 'rows', 'word_ngram', 'segmented_ngram', 'char_ngram' and 'max_chars' must be "
            + "positive, 'dedup.short_chars' at least 0 and 'dedup.max_bucket' at least 2");
      }
    }
  }

  public static final class SelectSettings {
    /** Records with fewer characters of text are dropped (reason too_short). */
    public int minChars = MIN_CHARS_DEFAULT;
    public static final int MIN_CHARS_DEFAULT = 20;
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

    public void validate(List<String> problems) {
      if (minChars < 0) {
        problems.add("'select.min_chars' must be 0 or more");
      }
      for (int i = 0; i < languages.size(); i++) {
        if (!isLanguageCode(languages.get(i))) {
          problems.add("unknown language 'select.languages." + i + "': '" + languages.get(i) + "' (ISO 639 codes: two"
              + " letters such as en, three such as fil, or und)");
        }
      }
      for (double share : new double[] {minLanguageConfidence, minCultureRelevance, maxSymbolRatio, maxRepetition}) {
        if (share < 0 || share > 1 || Double.isNaN(share)) {
          problems.add("'select.min_language_confidence', 'min_culture_relevance', 'max_symbol_ratio' and "
              + "'max_repetition' must be in [0, 1]");
          break;
        }
      }
    }
  }

  /** An ISO 639-1 code Java knows, a three-letter ISO 639-2/3 code, or und. */
  static boolean isLanguageCode(String code) {
    if (code == null) {
      return false;
    }
    return code.matches("[a-z]{3}") || (code.matches("[a-z]{2}") && Set.of(Locale.getISOLanguages()).contains(code));
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
    /**
     * Groups whose records share an n-gram form one overlap family, which goes to one split whole (so overlapping
     * texts are kept together instead of removed as contaminated).
     */
    public boolean overlapFamilies = true;
    /**
     * A family with more records is not kept whole (usually boilerplate shared by a whole source: whole, it would
     * tilt the split it lands in); its training records that share an n-gram with a held-out one are removed.
     */
    public long maxFamilyRecords = 10_000;
    /** External benchmark files (text lines, or JSON lines with text, question, prompt or content). */
    public List<String> benchmarkFiles = new ArrayList<>();

    public void validate(List<String> problems) {
      for (double ratio : new double[] {train, validation, test}) {
        if (ratio < 0 || ratio > 1 || Double.isNaN(ratio)) {
          problems.add("'split.train', 'split.validation' and 'split.test' must each be in [0, 1]");
          break;
        }
      }
      double sum = train + validation + test;
      if (Math.abs(sum - 1.0) > 1e-9) {
        problems.add("'split.train' + 'split.validation' + 'split.test' must sum to 1 (got " + sum + ")");
      }
      if (contaminationNgram < 1 || contaminationCharNgram < 1) {
        problems.add("'split.contamination_ngram' and 'split.contamination_char_ngram' must be positive");
      }
      if (maxFamilyRecords < 1) {
        problems.add("'split.max_family_records' must be at least 1");
      }
    }
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

    public void validate(List<String> problems) {
      Map<String, Long> caps = new java.util.LinkedHashMap<>();
      caps.put("balance.max_per_culture", maxPerCulture);
      caps.put("balance.max_per_language", maxPerLanguage);
      caps.put("balance.min_per_culture", minPerCulture);
      cultureCaps.forEach((culture, cap) -> caps.put("balance.culture_caps." + culture, cap));
      languageCaps.forEach((language, cap) -> caps.put("balance.language_caps." + language, cap));
      caps.forEach((key, cap) -> {
        if (cap == null || cap < 0) {
          problems.add("'" + key + "' must be 0 (no cap) or more (got " + cap + ")");
        }
      });
      languageCaps.keySet().stream().filter(language -> !isLanguageCode(language)).forEach(language ->
          problems.add("unknown language 'balance.language_caps." + language + "' (ISO 639 codes, or und)"));
    }
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
