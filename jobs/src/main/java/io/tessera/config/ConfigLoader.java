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
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
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

  private ConfigLoader() {}

  private static ObjectMapper configure(ObjectMapper mapper) {
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
    mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
    // 1.5 where a whole number is needed is a mistake, not 1.
    mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
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
      tree = YAML.readTree(file.toFile());
      registerSecrets(tree);
      // Binding the file itself reports unknown keys and wrong types with their line.
      YAML.readValue(file.toFile(), TesseraConfig.class);
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

  /**
   * Quick mode: sources as FORMAT=PATH, everything else defaulted. Survey formats are benchmark sources
   * ({@code split: test}), as in the demo config: a questionnaire is what a model is evaluated on, and its items
   * share templates with one another. {@code --set sources.N.split=null} makes one a training source.
   */
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
      if (Readers.survey(format)) {
        source.put("split", "test");
      }
    }
    return finish(tree, overrides, "command line");
  }

  private static TesseraConfig finish(ObjectNode tree, List<String> overrides, String where) {
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq > 0) {
        Secrets.register(override.substring(0, eq).trim(), override.substring(eq + 1));
      }
    }
    for (String override : overrides) {
      applyOverride(tree, override);
    }
    checkReaderKeys(tree, where);
    applyPresets(tree);
    registerSecrets(tree);
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
    if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
      String allowed = java.util.Arrays.stream(f.getTargetType().getEnumConstants())
          .map(c -> YAML.convertValue(c, String.class)).collect(Collectors.joining(", "));
      return new ConfigException(at + ": '" + key + "' must be one of " + allowed + " (got '" + f.getValue() + "')");
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
      boolean named = source.name != null;
      if (!named && source.path != null) {
        String base = defaultName(source.path);
        String name = base;
        for (int n = 2; taken.contains(name); n++) {
          name = base + "-" + n;
        }
        source.name = name;
      }
      taken.add(source.name);
      if (source.dataset == null) {
        // A name made from the path would change every doc_id when a file is renamed; the format does not.
        source.dataset = named ? source.name : source.format;
      }
      if (source.pii == null) {
        source.pii = PiiPolicy.defaultFor(source.format, source.kind);
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
      s.validate(key, Readers.names(), problems);
      if (s.name != null && !names.add(s.name)) {
        problems.add("duplicate source name '" + s.name + "' at '" + key + ".name'");
      }
    }
    c.run.validate(problems, StageNames.ALL);
    c.langid.validate(problems);
    c.tag.validate(problems);
    c.dedup.validate(problems);
    c.select.validate(problems);
    c.split.validate(problems);
    c.balance.validate(problems);
    c.publish.validate(problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(where + ": " + String.join("; ", problems));
    }
  }

  /**
   * Rejects source keys the source's reader does not use (a delimiter for jsonl, namespaces for reddit), as the
   * user wrote them, before presets fill in theirs: one line naming the key and the keys the reader takes.
   */
  private static void checkReaderKeys(ObjectNode tree, String where) {
    JsonNode sources = tree.get("sources");
    if (sources == null || !sources.isArray()) {
      return;
    }
    for (int i = 0; i < sources.size(); i++) {
      JsonNode source = sources.get(i);
      JsonNode format = source == null ? null : source.get("format");
      if (format == null || !format.isTextual() || !Readers.names().contains(format.asText())) {
        continue;
      }
      Set<String> options = Readers.options(format.asText());
      Iterator<String> keys = source.fieldNames();
      while (keys.hasNext()) {
        String key = keys.next();
        if (!SourceConfig.COMMON_KEYS.contains(key) && !options.contains(key)) {
          throw new ConfigException(where + ": 'sources." + i + "." + key + "' is not used by the " + format.asText()
              + " reader (its own keys: " + (options.isEmpty() ? "none" : String.join(", ", new TreeSet<>(options)))
              + "; every reader's: " + String.join(", ", new TreeSet<>(SourceConfig.COMMON_KEYS)) + ")");
        }
      }
    }
  }

  /** The effective configuration as YAML, secrets redacted by key and scrubbed by value. */
  public static String toRedactedYaml(TesseraConfig config) {
    try {
      return Secrets.scrub(YAML.writeValueAsString(redact(YAML.valueToTree(config))));
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

  /** Registers the value of every secret key in the tree, before anything can echo it. */
  private static void registerSecrets(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.fields().forEachRemaining(field -> {
        if (field.getValue().isValueNode()) {
          Secrets.register(field.getKey(), field.getValue().asText());
        } else {
          registerSecrets(field.getValue());
        }
      });
    } else if (node instanceof ArrayNode array) {
      array.forEach(ConfigLoader::registerSecrets);
    }
  }

  static JsonNode redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      List<String> secret = new ArrayList<>();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (Secrets.isSecretKey(field.getKey()) && field.getValue().isValueNode() && !field.getValue().isNull()) {
          secret.add(field.getKey());
        } else {
          redact(field.getValue());
        }
      }
      secret.forEach(key -> object.put(key, Secrets.REDACTED));
    } else if (node instanceof ArrayNode array) {
      array.forEach(ConfigLoader::redact);
    }
    return node;
  }
}
