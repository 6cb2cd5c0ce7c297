package io.tessera.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.Readers;
import io.tessera.pipeline.StageNames;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Resolves the run configuration. Settings are applied in this order, each overriding the one before:
 * <ol>
 *   <li>the defaults in {@link TesseraConfig};</li>
 *   <li>the YAML file ({@code --config}), or the quick-mode flags ({@code --source}, {@code --output});</li>
 *   <li>{@code --set key=value} overrides, in the order given (dotted keys, list items by index: sources.0.path);</li>
 *   <li>dedicated CLI flags ({@code --run-id}, {@code --work}).</li>
 * </ol>
 * The result is validated before Spark starts; every problem names the key, and the file and line where known.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = configure(YAMLMapper.builder(
      YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build()).build());
  /** Canonical JSON: sorted keys, so equal configs give equal fingerprints. */
  private static final ObjectMapper CANONICAL = configure(JsonMapper.builder().build())
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(secret|password|passwd|token|credential|access[._-]?key|session[._-]?key|signature).*");
  private static final String REDACTED = "*****";

  private ConfigLoader() {}

  private static ObjectMapper configure(ObjectMapper mapper) {
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
    mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
    mapper.configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, false);
    return mapper;
  }

  /** Loads a YAML config file and applies overrides. */
  public static TesseraConfig load(Path file, List<String> overrides) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file not found: " + file);
    }
    String where = file.toString();
    JsonNode tree;
    try {
      // Binding the file itself first reports unknown keys and wrong types with their line.
      YAML.readValue(file.toFile(), TesseraConfig.class);
      tree = YAML.readTree(file.toFile());
    } catch (JsonMappingException e) {
      throw describe(e, where);
    } catch (JsonProcessingException e) {
      throw new ConfigException(where + lineOf(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = JsonNodeFactory.instance.objectNode();
    }
    if (!tree.isObject()) {
      throw new ConfigException(where + ": the top level must be a mapping of keys to values");
    }
    return finish((ObjectNode) tree, overrides, where);
  }

  /** Quick mode: sources as FORMAT=PATH, everything else defaulted. */
  public static TesseraConfig quick(List<String> sourceSpecs, String output, List<String> overrides) {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    if (output != null) {
      tree.putObject("run").put("output", output);
    }
    ArrayNode sources = tree.putArray("sources");
    for (String spec : sourceSpecs) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || eq == spec.length() - 1) {
        throw new ConfigException("--source takes FORMAT=PATH or FORMAT:PRESET=PATH, got '" + spec + "'");
      }
      String format = spec.substring(0, eq);
      ObjectNode source = sources.addObject();
      int colon = format.indexOf(':');
      if (colon > 0) {
        source.put("preset", format.substring(colon + 1));
        format = format.substring(0, colon);
      }
      source.put("format", format).put("path", spec.substring(eq + 1));
    }
    return finish(tree, overrides, "command line");
  }

  private static TesseraConfig finish(ObjectNode tree, List<String> overrides, String where) {
    for (String override : overrides) {
      applyOverride(tree, override);
    }
    applyPresets(tree);
    TesseraConfig config;
    try {
      config = YAML.treeToValue(tree, TesseraConfig.class);
    } catch (JsonMappingException e) {
      throw describe(e, overrides.isEmpty() ? where : where + " with --set overrides");
    } catch (JsonProcessingException e) {
      throw new ConfigException(where + ": " + e.getOriginalMessage());
    }
    fillDefaults(config);
    validate(config, where);
    return config;
  }

  /** Merges each source's preset under the source's own keys (theirs win, mappings merged key by key). */
  private static void applyPresets(ObjectNode tree) {
    JsonNode sources = tree.get("sources");
    if (sources == null || !sources.isArray()) {
      return;
    }
    for (int i = 0; i < sources.size(); i++) {
      JsonNode source = sources.get(i);
      JsonNode preset = source == null ? null : source.get("preset");
      if (preset != null && preset.isTextual()) {
        ObjectNode merged = loadPreset(preset.asText(), "sources." + i + ".preset");
        merge(merged, (ObjectNode) source);
        ((ArrayNode) sources).set(i, merged);
      }
    }
  }

  private static ObjectNode loadPreset(String name, String key) {
    try {
      Path file = Path.of(name);
      JsonNode node;
      if (Files.isRegularFile(file)) {
        node = YAML.readTree(file.toFile());
      } else {
        try (var in = ConfigLoader.class.getResourceAsStream("/mappings/" + name + ".yaml")) {
          if (in == null) {
            throw new ConfigException("'" + key + "': no preset '" + name + "' (a YAML file, or one of "
                + "conf/mappings/: normdial)");
          }
          node = YAML.readTree(in);
        }
      }
      if (!(node instanceof ObjectNode object)) {
        throw new ConfigException("'" + key + "': preset '" + name + "' is not a mapping of source keys");
      }
      return object;
    } catch (IOException e) {
      throw new ConfigException("'" + key + "': cannot read preset '" + name + "': " + e.getMessage());
    }
  }

  private static void merge(ObjectNode base, ObjectNode override) {
    override.fields().forEachRemaining(field -> {
      JsonNode existing = base.get(field.getKey());
      if (existing instanceof ObjectNode baseChild && field.getValue() instanceof ObjectNode overrideChild) {
        merge(baseChild, overrideChild);
      } else {
        base.set(field.getKey(), field.getValue());
      }
    });
  }

  static void applyOverride(ObjectNode tree, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("--set takes key=value, got '" + override + "'");
    }
    String key = override.substring(0, eq).trim();
    JsonNode value = parseScalar(override.substring(eq + 1));
    List<String> parts = splitKey(key);
    JsonNode node = tree;
    for (int i = 0; i < parts.size(); i++) {
      boolean last = i == parts.size() - 1;
      String part = parts.get(i);
      if (node instanceof ArrayNode array) {
        int index = parseIndex(part, key);
        if (index >= array.size()) {
          throw new ConfigException("--set " + key + ": list '" + String.join(".", parts.subList(0, i))
              + "' has " + array.size() + " item(s), no index " + index);
        }
        if (last) {
          array.set(index, value);
        } else {
          node = array.get(index);
        }
      } else if (node instanceof ObjectNode object) {
        if (last) {
          object.set(part, value);
        } else {
          JsonNode child = object.get(part);
          if (child == null || child.isNull()) {
            child = object.putObject(part);
          }
          node = child;
        }
      } else {
        throw new ConfigException("--set " + key + ": '" + String.join(".", parts.subList(0, i))
            + "' is a single value, not a mapping or list");
      }
    }
  }

  /**
   * Splits a dotted key into path parts, following the config classes: once the path reaches a map-valued setting
   * (spark.conf), the rest of the key is one map key, dots included (spark.conf.spark.sql.shuffle.partitions).
   */
  static List<String> splitKey(String key) {
    String[] raw = key.split("\\.");
    List<String> parts = new ArrayList<>();
    Type type = TesseraConfig.class;
    for (int i = 0; i < raw.length; i++) {
      Class<?> clazz = rawClass(type);
      if (clazz != null && Map.class.isAssignableFrom(clazz)) {
        parts.add(String.join(".", List.of(raw).subList(i, raw.length)));
        return parts;
      }
      parts.add(raw[i]);
      if (clazz != null && List.class.isAssignableFrom(clazz) && type instanceof ParameterizedType p) {
        type = p.getActualTypeArguments()[0];
      } else {
        type = fieldType(clazz, raw[i]);
      }
    }
    return parts;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : null;
  }

  private static Type fieldType(Class<?> clazz, String snakeName) {
    if (clazz == null) {
      return null;
    }
    String camel = Pattern.compile("_([a-z0-9])").matcher(snakeName).replaceAll(m -> m.group(1).toUpperCase(Locale.ROOT));
    for (Field field : clazz.getFields()) {
      if (field.getName().equals(camel)) {
        return field.getGenericType();
      }
    }
    return null;
  }

  private static int parseIndex(String part, String key) {
    try {
      return Integer.parseInt(part);
    } catch (NumberFormatException e) {
      throw new ConfigException("--set " + key + ": '" + part + "' must be a list index (0, 1, ...)");
    }
  }

  private static JsonNode parseScalar(String raw) {
    if (raw.isEmpty()) {
      return TextNode.valueOf("");
    }
    try {
      JsonNode node = YAML.readTree(raw);
      return node == null || node.isMissingNode() ? TextNode.valueOf(raw) : node;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(raw);
    }
  }

  private static ConfigException describe(JsonMappingException e, String where) {
    String key = e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
        .collect(Collectors.joining("."));
    String at = where + lineOf(e.getLocation());
    if (e instanceof UnrecognizedPropertyException u) {
      String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
          .map(String::valueOf).sorted().collect(Collectors.joining(", "));
      return new ConfigException(at + ": unknown key '" + key + "'" + (known.isEmpty() ? "" : " (known keys here: " + known + ")"));
    }
    String message = e.getOriginalMessage();
    int cut = message.indexOf(" at [Source");
    message = cut > 0 ? message.substring(0, cut) : message;
    return new ConfigException(at + ": bad value for key '" + key + "': " + message.replace('\n', ' '));
  }

  private static String lineOf(JsonLocation location) {
    return location == null || location.getLineNr() <= 0 ? "" : " line " + location.getLineNr();
  }

  private static void fillDefaults(TesseraConfig config) {
    Set<String> taken = new HashSet<>();
    for (SourceConfig source : config.sources) {
      if (source == null) {
        continue;
      }
      if (source.name == null && source.path != null) {
        String base = defaultName(source.path);
        String name = base;
        for (int n = 2; taken.contains(name); n++) {
          name = base + "-" + n;
        }
        source.name = name;
      }
      taken.add(source.name);
      if (source.dataset == null) {
        source.dataset = source.name;
      }
    }
    if (config.run.stages == null) {
      config.run.stages = new ArrayList<>(StageNames.ALL);
    }
  }

  private static String defaultName(String path) {
    String trimmed = path.replaceAll("[/\\\\]+$", "");
    String base = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
    base = base.replaceAll("\\.(gz|bz2|zst|xz)$", "").replaceAll("\\.(jsonl|ndjson|json|xml|csv|tsv|txt)$", "");
    base = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    return base.isEmpty() ? "source" : base;
  }

  private static void validate(TesseraConfig c, String where) {
    List<String> problems = new ArrayList<>();
    if (c.run.output == null || c.run.output.isBlank()) {
      problems.add("missing required key 'run.output' (or --output)");
    }
    if (c.sources.isEmpty()) {
      problems.add("missing required key 'sources': name at least one input (or --source FORMAT=PATH)");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < c.sources.size(); i++) {
      SourceConfig s = c.sources.get(i);
      String key = "sources." + i;
      if (s == null) {
        problems.add("'" + key + "' is empty");
        continue;
      }
      if (s.format == null) {
        problems.add("missing required key '" + key + ".format'");
      } else if (!Readers.names().contains(s.format)) {
        problems.add("unknown reader '" + s.format + "' at '" + key + ".format' (readers: "
            + String.join(", ", Readers.names()) + ")");
      }
      if (s.path == null || s.path.isBlank()) {
        problems.add("missing required key '" + key + ".path'");
      }
      if (s.name != null && !names.add(s.name)) {
        problems.add("duplicate source name '" + s.name + "' at '" + key + ".name'");
      }
      if (s.split != null && !List.of("train", "validation", "test").contains(s.split)) {
        problems.add("'" + key + ".split' must be train, validation or test (got '" + s.split + "')");
      }
      if ((s.mapping == null || s.mapping.text == null || s.mapping.text.isEmpty()) && s.dialogue == null) {
        problems.add("'" + key + ".mapping.text' must name at least one field (or set '" + key + ".dialogue')");
      }
      if (s.dialogue != null && (s.dialogue.field == null || s.dialogue.turnPatterns.isEmpty())) {
        problems.add("'" + key + ".dialogue' needs both 'field' and 'turn_patterns'");
      }
      List<String> patterns = new ArrayList<>(s.dialogue == null ? List.of() : s.dialogue.turnPatterns);
      patterns.add(s.pathFields);
      for (String pattern : patterns) {
        if (pattern != null) {
          try {
            Pattern.compile(pattern);
          } catch (java.util.regex.PatternSyntaxException e) {
            problems.add("'" + key + "': bad regular expression " + pattern + ": " + e.getDescription());
          }
        }
      }
    }
    for (String stage : c.run.stages) {
      if (!StageNames.ALL.contains(stage)) {
        problems.add("unknown stage '" + stage + "' in 'run.stages' (stages: " + String.join(", ", StageNames.ALL) + ")");
      }
    }
    if (c.run.progressSeconds < 0) {
      problems.add("'run.progress_seconds' must be 0 (no progress lines) or more");
    }
    if (c.run.runId == null || !c.run.runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      problems.add("'run.run_id' must be letters, digits, '.', '_' or '-' (got '" + c.run.runId + "')");
    }
    double[] ratios = {c.split.train, c.split.validation, c.split.test};
    for (double ratio : ratios) {
      if (ratio < 0 || ratio > 1 || Double.isNaN(ratio)) {
        problems.add("'split.train', 'split.validation' and 'split.test' must each be in [0, 1]");
        break;
      }
    }
    double sum = c.split.train + c.split.validation + c.split.test;
    if (Math.abs(sum - 1.0) > 1e-9) {
      problems.add("'split.train' + 'split.validation' + 'split.test' must sum to 1 (got " + sum + ")");
    }
    if (c.langid.languages.size() == 1) {
      problems.add("'langid.languages' needs at least two languages for Lingua to choose between (or none: all)");
    }
    Set<String> evidence = Set.of("explicit_mention", "demonym", "geo_place", "source_metadata", "persona",
        "survey_population", "language_prior");
    c.tag.weights.forEach((kind, weight) -> {
      if (!evidence.contains(kind)) {
        problems.add("unknown evidence 'tag.weights." + kind + "' (known: " + String.join(", ", new TreeSet<>(evidence))
            + ")");
      } else if (weight == null || weight < 0 || weight > 1) {
        problems.add("'tag.weights." + kind + "' must be in [0, 1]");
      }
    });
    if (c.tag.minScore < 0 || c.tag.minScore > 1) {
      problems.add("'tag.min_score' must be in [0, 1]");
    }
    if (!(c.dedup.threshold > 0 && c.dedup.threshold <= 1)) {
      problems.add("'dedup.threshold' must be in (0, 1]");
    }
    if (c.dedup.minSharedBands < 1 || c.dedup.minSharedBands > c.dedup.bands) {
      problems.add("'dedup.min_shared_bands' must be between 1 and 'dedup.bands'");
    }
    if (c.dedup.bands < 1 || c.dedup.rows < 1 || c.dedup.wordNgram < 1 || c.dedup.charNgram < 1
        || c.dedup.maxChars < 1 || c.dedup.maxBucket < 2) {
      problems.add("'dedup.bands', 'rows', 'word_ngram', 'char_ngram' and 'max_chars' must be positive and "
          + "'dedup.max_bucket' at least 2");
    }
    if (c.split.contaminationNgram < 1 || c.split.contaminationCharNgram < 1) {
      problems.add("'split.contamination_ngram' and 'split.contamination_char_ngram' must be positive");
    }
    if (c.select.minChars < 0) {
      problems.add("'select.min_chars' must be 0 or more");
    }
    c.publish.validate(problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(where + ": " + String.join("; ", problems));
    }
  }

  /** The effective configuration as YAML, secrets redacted. */
  public static String toRedactedYaml(TesseraConfig config) {
    try {
      return YAML.writeValueAsString(redact(YAML.valueToTree(config)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Canonical JSON of any config section, for fingerprints. */
  public static String canonicalJson(Object section) {
    try {
      return CANONICAL.writeValueAsString(CANONICAL.valueToTree(section));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      List<String> secret = new ArrayList<>();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (SECRET_KEY.matcher(field.getKey()).matches() && field.getValue().isValueNode() && !field.getValue().isNull()) {
          secret.add(field.getKey());
        } else {
          redact(field.getValue());
        }
      }
      secret.forEach(key -> object.put(key, REDACTED));
    } else if (node instanceof ArrayNode array) {
      array.forEach(ConfigLoader::redact);
    }
    return node;
  }
}
